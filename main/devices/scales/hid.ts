import { errorReading, toGrams, type ScaleReading, type WeightUnit } from './reading';

/**
 * USB HID POS scale data report (usage page 0x8D), 6 bytes, as parsed by erjiang/usbscale
 * (FORMATS.md §4.1): [report id 3|4, status, unit, int8 exponent, weight LSB, weight MSB].
 *
 * The device itself is read by ./hid-scale.ts (node-hid: found by VID:PID, the first, often
 * stale report discarded, each later report handed to this function); zero is the OUT report
 * [0x02, 0x02].
 */

export const HID_STATUS = {
  FAULT: 0x01,
  STABLE_AT_ZERO: 0x02,
  IN_MOTION: 0x03,
  STABLE: 0x04,
  UNDER_ZERO: 0x05,
  OVERLOAD: 0x06,
  NEEDS_CALIBRATION: 0x07,
  NEEDS_REZEROING: 0x08,
} as const;

/** Unit codes from the HID POS usage table; only those a shipping scale uses are converted. */
const HID_UNITS: Record<number, WeightUnit | 'unsupported'> = {
  1: 'mg',
  2: 'g',
  3: 'kg',
  4: 'unsupported', // carat
  5: 'unsupported', // tael
  6: 'unsupported', // grain
  7: 'unsupported', // pennyweight
  8: 'unsupported', // metric ton
  9: 'unsupported', // avoirdupois ton
  10: 'unsupported', // troy ounce
  11: 'oz',
  12: 'lb',
};

const TROY_OUNCE_GRAMS = 31.1034768;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

export function parseHidScaleReport(report: Uint8Array): ScaleReading {
  const raw = hex(report);
  if (report.length < 6) return errorReading(raw, `HID scale report is ${report.length} bytes, expected 6`);
  const [reportId, status, unitCode, exponentByte, low, high] = report;
  if (reportId !== 0x03 && reportId !== 0x04) return errorReading(raw, `HID report id ${reportId} is not a scale data report`);
  const exponent = exponentByte > 127 ? exponentByte - 256 : exponentByte;
  const magnitude = (low | (high << 8)) * 10 ** exponent;

  const unit = HID_UNITS[unitCode];
  const toGramsOrNull = (value: number): number | null => {
    if (unit === undefined || unit === 'unsupported') return unitCode === 10 ? Math.round(value * TROY_OUNCE_GRAMS) : null;
    return toGrams(value, unit);
  };

  switch (status) {
    case HID_STATUS.STABLE_AT_ZERO:
      return { grams: 0, stable: true, status: 'ok', raw };
    case HID_STATUS.STABLE:
    case HID_STATUS.IN_MOTION: {
      const grams = toGramsOrNull(magnitude);
      if (grams === null) return errorReading(raw, `HID scale unit code ${unitCode} is not supported`);
      const stable = status === HID_STATUS.STABLE;
      return { grams, stable, status: stable ? 'ok' : 'unstable', raw };
    }
    case HID_STATUS.UNDER_ZERO: {
      // The sign is carried by the status, the weight field holds the magnitude.
      const grams = toGramsOrNull(magnitude);
      return { grams: grams === null || grams === 0 ? 0 : -grams, stable: false, status: 'under_zero', raw };
    }
    case HID_STATUS.OVERLOAD:
      return { grams: 0, stable: false, status: 'overload', raw };
    case HID_STATUS.FAULT:
      return errorReading(raw, 'scale reports a fault');
    case HID_STATUS.NEEDS_CALIBRATION:
      return errorReading(raw, 'scale needs calibration');
    case HID_STATUS.NEEDS_REZEROING:
      return errorReading(raw, 'scale needs re-zeroing: empty the platter and press zero');
    default:
      return errorReading(raw, `unknown HID scale status 0x${status.toString(16)}`);
  }
}

/** The OUT report that zeroes a HID scale ("Enforced Zero Return" + "Zero Scale" bits). */
export const HID_ZERO_REPORT = Uint8Array.of(0x02, 0x02);
