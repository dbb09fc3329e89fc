import { describe, expect, it } from 'vitest';
import {
  FNC1,
  gs1DataStream,
  gs1HumanReadable,
  gs1ScannedText,
  validateGs1Element,
} from '../../../main/devices/labels';

describe('GS1 element strings', () => {
  it('validates fixed lengths, check digits and character set', () => {
    expect(() => validateGs1Element({ ai: '00', value: '106141411234567897' })).not.toThrow();
    expect(() => validateGs1Element({ ai: '00', value: '106141411234567890' })).toThrow(/wrong check digit/);
    expect(() => validateGs1Element({ ai: '01', value: '950600013435' })).toThrow(/exactly 14 digits/);
    expect(() => validateGs1Element({ ai: '10', value: 'LOT é' })).toThrow(/character set 82/);
  });

  it('starts with FNC1 and separates variable-length AIs, putting them last', () => {
    const elements = [
      { ai: '10', value: 'LOT42' },
      { ai: '01', value: '09506000134352' },
      { ai: '21', value: 'S1' },
      { ai: '17', value: '261231' },
    ];
    expect(gs1DataStream(elements)).toEqual([FNC1, '0109506000134352', '17261231', '10LOT42', FNC1, '21S1']);
    expect(gs1ScannedText(elements)).toBe('01095060001343521726123110LOT42\x1d21S1');
    expect(gs1HumanReadable([{ ai: '00', value: '106141411234567897' }])).toBe('(00)106141411234567897');
  });
});
