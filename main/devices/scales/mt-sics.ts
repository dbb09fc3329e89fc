import { errorReading, normaliseUnit, toGrams, type ScaleReading } from './reading';

/**
 * Mettler Toledo MT-SICS lines (FORMATS.md §4.2 and samples/scales/mt-sics-responses.txt):
 * "S S     100.00 g" stable, "S D     129.07 g" dynamic, "S I" busy, "S +" overload,
 * "S -" underload, and the generic "ES"/"ET"/"EL" syntax/transmission/logic errors.
 */

const WEIGHT_LINE = /^S ([SD]) +(-?[\d.]+) +(\S+)$/;

const GENERIC_ERRORS: Record<string, string> = {
  ES: 'scale reports a syntax error (command not understood)',
  ET: 'scale reports a transmission error (garbled command)',
  EL: 'scale reports a logical error (command cannot run now)',
};

/** One line without its CR LF. Never throws. */
export function parseMtSicsWeight(line: string): ScaleReading {
  const raw = line;
  const text = line.trim();
  if (text in GENERIC_ERRORS) return errorReading(raw, GENERIC_ERRORS[text]);
  const weight = WEIGHT_LINE.exec(text);
  if (weight) {
    const unit = normaliseUnit(weight[3]);
    const value = Number(weight[2]);
    if (!unit || !Number.isFinite(value)) return errorReading(raw, `unsupported weight "${weight[2]} ${weight[3]}"`);
    const grams = toGrams(value, unit);
    const stable = weight[1] === 'S';
    if (grams < 0) return { grams, stable, status: 'under_zero', raw };
    return { grams, stable, status: stable ? 'ok' : 'unstable', raw };
  }
  if (text === 'S +') return { grams: 0, stable: false, status: 'overload', raw };
  if (text === 'S -') return { grams: 0, stable: false, status: 'under_zero', raw };
  if (text === 'S I') return errorReading(raw, 'scale is busy and cannot weigh right now');
  return errorReading(raw, `not an MT-SICS weight reply: "${text}"`);
}

export type MtSicsCommandOutcome = 'done' | 'busy' | 'above_range' | 'below_range' | 'error';

export interface MtSicsCommandReply {
  command: string;
  outcome: MtSicsCommandOutcome;
  /** Tare weight for "T S <value> <unit>" replies. */
  grams?: number;
  raw: string;
}

/**
 * Z, ZI and T replies: "Z A" zeroed, "ZI S"/"ZI D" zeroed (stable/dynamic), "T S 12.00 g" tared,
 * "Z I"/"T I" busy, "Z +"/"Z -" outside the zero range.
 */
export function parseMtSicsCommandReply(line: string): MtSicsCommandReply {
  const raw = line;
  const parts = line.trim().split(/ +/);
  const command = parts[0] ?? '';
  if (command in GENERIC_ERRORS) return { command, outcome: 'error', raw };
  const code = parts[1];
  switch (code) {
    case 'A':
      return { command, outcome: 'done', raw };
    case 'S':
    case 'D': {
      if (command === 'T' && parts.length >= 4) {
        const unit = normaliseUnit(parts[3]);
        const value = Number(parts[2]);
        if (unit && Number.isFinite(value)) return { command, outcome: 'done', grams: toGrams(value, unit), raw };
      }
      return { command, outcome: 'done', raw };
    }
    case 'I':
      return { command, outcome: 'busy', raw };
    case '+':
      return { command, outcome: 'above_range', raw };
    case '-':
      return { command, outcome: 'below_range', raw };
    default:
      return { command, outcome: 'error', raw };
  }
}
