/**
 * What a simulated scale says, byte for byte, in each protocol (the device side of
 * scales/nci.ts, scales/mt-sics.ts and scales/continuous.ts).
 */

export interface SimulatedScaleState {
  /** Displayed weight: gross minus zero offset and tare. */
  grams: number;
  stable: boolean;
  overload: boolean;
}

const GRAMS_PER_LB = 453.59237;

/** SCP-01 status bytes: bits 4–5 always set; byte 1 bit0 motion, bit1 at zero; byte 2 bit0 under, bit1 over. */
export function nciStatusBytes(state: SimulatedScaleState): string {
  let first = 0x30;
  let second = 0x30;
  if (!state.stable) first |= 0x01;
  if (state.grams === 0 && !state.overload) first |= 0x02;
  if (state.grams < 0) second |= 0x01;
  if (state.overload) second |= 0x02;
  return String.fromCharCode(first, second);
}

/** "\n%4.4d.%2.2d%s\r\n%c%c\r\x03" from the SCP-01 simulator, in lb or kg. */
export function nciWeightReply(state: SimulatedScaleState, unit: 'lb' | 'kg'): string {
  const value = unit === 'lb' ? state.grams / GRAMS_PER_LB : state.grams / 1000;
  const hundredths = Math.round(Math.abs(value) * 100);
  const whole = String(Math.floor(hundredths / 100)).padStart(4, '0');
  const fraction = String(hundredths % 100).padStart(2, '0');
  const sign = value < 0 ? '-' : '';
  return `\n${sign}${whole}.${fraction}${unit}\r\n${nciStatusBytes(state)}\r\x03`;
}

export function nciStatusReply(state: SimulatedScaleState): string {
  return `\n${nciStatusBytes(state)}\r\x03`;
}

export const NCI_UNRECOGNISED = '\n?\r\x03';

export function mtSicsWeightReply(state: SimulatedScaleState, command: 'S' | 'SI'): string {
  if (state.overload) return 'S +\r\n';
  if (command === 'S' && !state.stable) return 'S I\r\n';
  const value = (state.grams / 1).toFixed(2).padStart(10, ' ');
  return `S ${state.stable ? 'S' : 'D'} ${value} g\r\n`;
}

export function casFrame(state: SimulatedScaleState): string {
  if (state.overload) return 'OL,GS,+  0.000kg\r\n';
  const sign = state.grams < 0 ? '-' : '+';
  const kg = (Math.abs(state.grams) / 1000).toFixed(3).padStart(7, ' ');
  return `${state.stable ? 'ST' : 'US'},GS,${sign}${kg}kg\r\n`;
}

/** Line noise as a scale at the wrong baud rate produces it: high bytes, no frame delimiters. */
export function garbageBytes(length = 24): Buffer {
  // Bit 7 is always set, so it never contains STX, ETX, CR or LF and cannot end a frame by accident.
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = 0x80 | ((i * 37 + 11) & 0x7f);
  return bytes;
}
