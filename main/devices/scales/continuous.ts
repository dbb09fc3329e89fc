import { errorReading, normaliseUnit, toGrams, type ScaleReading, type WeightUnit } from './reading';

/**
 * Frames from scales that talk without being asked, or answer a bare "W" (FORMATS.md §4.4):
 * - CAS text:            "ST,GS,+  1.500kg"  (ST stable, US unstable, OL overload; GS/NT gross/net)
 * - Toledo continuous:   <STX><SWA><SWB><SWC>xxxxxx yyyyyy<CR>[<CKSUM>]
 * - Toledo 8213 demand:  <STX>XXX.XX<CR>  or  <STX>?<status><CR>
 */

const STX = '\x02';

const CAS_LINE = /^(ST|US|OL)\s*,\s*(GS|NT|TR)?\s*,?\s*([+-])?\s*([\d.]+)?\s*([a-zA-Z]*)\s*$/;

export function parseCasFrame(line: string): ScaleReading {
  const raw = line;
  const match = CAS_LINE.exec(line.trim());
  if (!match) return errorReading(raw, `not a CAS weight line: "${line.trim()}"`);
  const [, state, , sign, digits, unitText] = match;
  if (state === 'OL') return { grams: 0, stable: false, status: 'overload', raw };
  const unit = normaliseUnit(unitText || 'kg');
  if (digits === undefined || !unit) return errorReading(raw, `CAS line without a usable weight: "${line.trim()}"`);
  const magnitude = toGrams(Number(digits), unit);
  const grams = sign === '-' && magnitude !== 0 ? -magnitude : magnitude;
  const stable = state === 'ST';
  if (grams < 0) return { grams, stable, status: 'under_zero', raw };
  return { grams, stable, status: stable ? 'ok' : 'unstable', raw };
}

/**
 * Toledo status words (standard continuous output as documented for Mettler Toledo terminals;
 * the bit meanings below are not in our stored sources and are worth checking on a real
 * terminal): SWA bits 0–2 decimal point position (0 → ×100, 1 → ×10, 2 → ×1, 3 → 0.1,
 * 4 → 0.01, 5 → 0.001 …); SWB bit0 net, bit1 negative, bit2 out of range, bit3 motion,
 * bit4 kg (else lb); SWC bits 0–2 = 1 means grams.
 */
const DECIMAL_FACTORS = [100, 10, 1, 0.1, 0.01, 0.001, 0.0001, 0.00001];

export function toledoChecksum(frameWithoutChecksum: string): number {
  let sum = 0;
  for (let i = 0; i < frameWithoutChecksum.length; i++) sum += frameWithoutChecksum.charCodeAt(i) & 0x7f;
  return (-sum) & 0x7f;
}

export function parseToledoContinuousFrame(frame: string): ScaleReading {
  const raw = frame;
  const start = frame.indexOf(STX);
  const cr = frame.indexOf('\r', start + 1);
  if (start === -1 || cr === -1 || cr - start < 17) return errorReading(raw, 'incomplete Toledo continuous frame');
  const body = frame.slice(start, cr + 1);
  const checksum = frame.charCodeAt(cr + 1);
  if (!Number.isNaN(checksum) && frame.length > cr + 1 && (checksum & 0x7f) !== toledoChecksum(body)) {
    return errorReading(raw, 'Toledo frame checksum mismatch');
  }
  const swa = body.charCodeAt(1) & 0x7f;
  const swb = body.charCodeAt(2) & 0x7f;
  const swc = body.charCodeAt(3) & 0x7f;
  if ((swa & 0x20) === 0 || (swb & 0x20) === 0 || (swc & 0x20) === 0) return errorReading(raw, 'Toledo status words are malformed');
  const digits = body.slice(4, 10);
  if (!/^[\d ]{6}$/.test(digits)) return errorReading(raw, `Toledo weight field "${digits}" is not numeric`);
  if (swb & 0x04) return { grams: 0, stable: false, status: 'overload', raw };
  const unit: WeightUnit = (swc & 0x07) === 1 ? 'g' : swb & 0x10 ? 'kg' : 'lb';
  const value = Number(digits.trim() || '0') * DECIMAL_FACTORS[swa & 0x07];
  const magnitude = toGrams(value, unit);
  const grams = swb & 0x02 && magnitude !== 0 ? -magnitude : magnitude;
  const stable = (swb & 0x08) === 0;
  if (grams < 0) return { grams, stable, status: 'under_zero', raw };
  return { grams, stable, status: stable ? 'ok' : 'unstable', raw };
}

/**
 * Toledo 8213 demand reply. The format carries no unit ("this SDF does not support units of
 * measure"), so the caller says what the scale is set to; US POS scales are almost always lb.
 * Status bits on "?" replies: b0 motion, b1 out of range, b2 under zero, b3 outside zero capture.
 */
export function parseToledo8213Reply(frame: string, unit: WeightUnit = 'lb'): ScaleReading {
  const raw = frame;
  const body = frame.replace(/^[^\x02]*\x02/, '').replace(/\r[\s\S]*$/, '');
  if (body.startsWith('?')) {
    const status = (body.charCodeAt(1) || 0) & 0x7f;
    if (status & 0x02) return { grams: 0, stable: false, status: 'overload', raw };
    if (status & 0x04) return { grams: 0, stable: false, status: 'under_zero', raw };
    if (status & 0x01) return { grams: 0, stable: false, status: 'unstable', raw };
    return errorReading(raw, 'scale reports an invalid reading');
  }
  if (!/^\d+(\.\d+)?$/.test(body.trim())) return errorReading(raw, `not a Toledo 8213 weight: "${body}"`);
  return { grams: toGrams(Number(body.trim()), unit), stable: true, status: 'ok', raw };
}

/** Picks the parser from the frame itself, so one "continuous" setting covers CAS and Toledo scales. */
export function parseContinuousFrame(frame: string, demandUnit: WeightUnit = 'lb'): ScaleReading {
  const start = frame.indexOf(STX);
  if (start === -1) return parseCasFrame(frame);
  const afterStx = frame.slice(start + 1);
  if (/^[\d.?]/.test(afterStx)) return parseToledo8213Reply(frame, demandUnit);
  return parseToledoContinuousFrame(frame);
}
