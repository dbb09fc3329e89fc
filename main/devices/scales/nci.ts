import { errorReading, normaliseUnit, toGrams, type ScaleReading } from './reading';

/**
 * NCI / Weigh-Tronix SCP-01 ("3825") replies, FORMATS.md §4.3:
 *   W → <LF>xxxx.xxuu<CR><LF>hh…<CR><ETX>   (or <LF>xxlb<SP>xx.xoz<CR>… for lb-oz displays)
 *   S or Z → <LF>hh…<CR><ETX>
 *   unknown command → <LF>?<CR><ETX>
 * Status byte 1: bit0 motion, bit1 at zero, bit2 RAM error, bit3 EEPROM error.
 * Status byte 2: bit0 under capacity, bit1 over capacity, bit2 ROM error, bit3 bad calibration.
 * SCP-02 prefixes the status with "S", which is accepted too.
 */

export const NCI_ETX = '\x03';

export interface NciStatus {
  motion: boolean;
  atZero: boolean;
  underCapacity: boolean;
  overCapacity: boolean;
  /** RAM, EEPROM, ROM or calibration faults, by name. */
  faults: string[];
}

/** Status bytes always have bits 4–5 set and bit 6 clear in byte 1; anything else is line noise. */
function isStatusByte(code: number): boolean {
  return (code & 0x30) === 0x30;
}

export function parseNciStatusBytes(bytes: string): NciStatus | null {
  const body = bytes.startsWith('S') ? bytes.slice(1) : bytes;
  if (body.length < 2) return null;
  // Bit 7 is parity; on 7-bit lines it arrives stripped, on 8-bit lines it may be set.
  const first = body.charCodeAt(0) & 0x7f;
  const second = body.charCodeAt(1) & 0x7f;
  if (!isStatusByte(first) || !isStatusByte(second) || (first & 0x40) !== 0) return null;
  const faults: string[] = [];
  if (first & 0x04) faults.push('RAM error');
  if (first & 0x08) faults.push('EEPROM error');
  if (second & 0x04) faults.push('ROM error');
  if (second & 0x08) faults.push('faulty calibration');
  return {
    motion: (first & 0x01) !== 0,
    atZero: (first & 0x02) !== 0,
    underCapacity: (second & 0x01) !== 0,
    overCapacity: (second & 0x02) !== 0,
    faults,
  };
}

const DECIMAL_WEIGHT = /^(-?)\s*(\d*\.?\d+)\s*([a-zA-Z]+)$/;
const POUNDS_OUNCES = /^(-?)\s*(\d+)\s*lb\s+(\d+(?:\.\d+)?)\s*oz$/i;

function parseWeightField(field: string): number | null {
  const text = field.trim();
  const poundsOunces = POUNDS_OUNCES.exec(text);
  if (poundsOunces) {
    const grams = toGrams(Number(poundsOunces[2]), 'lb') + toGrams(Number(poundsOunces[3]), 'oz');
    return poundsOunces[1] ? -grams : grams;
  }
  const decimal = DECIMAL_WEIGHT.exec(text);
  if (!decimal) return null;
  const unit = normaliseUnit(decimal[3]);
  if (!unit) return null;
  const grams = toGrams(Number(decimal[2]), unit);
  return decimal[1] ? -grams : grams;
}

/** One complete reply, up to and including <ETX>. Never throws: bad input becomes status 'error'. */
export function parseNciResponse(frame: string): ScaleReading {
  const raw = frame;
  const body = frame.replace(/\x03\s*$/, '');
  const fields = body
    .split(/[\r\n]+/)
    .map((field) => field.trim())
    .filter(Boolean);
  if (fields.length === 1 && fields[0] === '?') return errorReading(raw, 'scale did not understand the command');
  const statusField = fields[fields.length - 1];
  const status = statusField === undefined ? null : parseNciStatusBytes(statusField);
  if (!status) return errorReading(raw, 'reply has no valid SCP-01 status bytes');

  if (status.faults.length > 0) return errorReading(raw, `scale fault: ${status.faults.join(', ')}`);
  if (status.overCapacity) return { grams: 0, stable: false, status: 'overload', raw };

  const weightField = fields.length >= 2 ? fields[fields.length - 2] : undefined;
  const grams = weightField === undefined ? null : parseWeightField(weightField);
  if (status.underCapacity) return { grams: grams !== null && grams < 0 ? grams : 0, stable: false, status: 'under_zero', raw };
  if (grams === null) {
    // A status-only reply (S or Z command) carries no weight; at zero that still means 0 g.
    if (weightField === undefined && status.atZero) return { grams: 0, stable: !status.motion, status: status.motion ? 'unstable' : 'ok', raw };
    return errorReading(raw, weightField === undefined ? 'reply has no weight' : `unreadable weight "${weightField}"`);
  }
  if (grams < 0) return { grams, stable: !status.motion, status: 'under_zero', raw };
  return { grams, stable: !status.motion, status: status.motion ? 'unstable' : 'ok', raw };
}

/** Status-only replies (S, Z) parsed for their flags, e.g. to confirm a zero command worked. */
export function parseNciStatusReply(frame: string): NciStatus | null {
  const fields = frame.replace(/\x03\s*$/, '').split(/[\r\n]+/).map((field) => field.trim()).filter(Boolean);
  const last = fields[fields.length - 1];
  return last === undefined ? null : parseNciStatusBytes(last);
}
