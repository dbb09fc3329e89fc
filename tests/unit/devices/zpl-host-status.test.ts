import { describe, expect, it } from 'vitest';
import { formatZplHostStatus, HostStatusParseError, isHostStatusComplete, parseZplHostStatus } from '../../../main/devices/printers';

const STX = '\x02';
const ETX = '\x03';
const line = (fields: string) => `${STX}${fields}${ETX}\r\n`;

describe('parseZplHostStatus', () => {
  it('reads an idle, ready printer', () => {
    const reply = line('030,0,0,1218,000,0,0,0,000,0,0,0') + line('001,0,0,1,0,2,6,0,00000000,1,000') + line('1234,0');
    const status = parseZplHostStatus(reply);
    expect(status).toMatchObject({ paperOut: false, paused: false, headOpen: false, bufferFull: false, labelLengthDots: 1218, formatsInBuffer: 0, printMode: 2 });
    // Ribbon-out is reported by direct-thermal printers all the time; it only matters with a ribbon.
    expect(status.ribbonOut).toBe(true);
    expect(status.ready).toBe(true);
    expect(status.problems).toEqual([]);
  });

  it('reports paper out, paused, head open and a full buffer', () => {
    const reply = line('030,1,1,1218,003,1,0,1,000,0,0,1') + line('001,0,1,0,0,2,6,0,00000005,1,000') + line('1234,0');
    const status = parseZplHostStatus(Buffer.from(reply, 'latin1'));
    expect(status).toMatchObject({ paperOut: true, paused: true, headOpen: true, bufferFull: true, partialFormat: true, overTemperature: true, formatsInBuffer: 3, labelsRemaining: 5 });
    expect(status.ready).toBe(false);
    expect(status.problems).toEqual(['out of labels', 'print head is open', 'paused', 'receive buffer full', 'print head too hot']);
  });

  it('rejects a truncated reply', () => {
    const partial = line('030,0,0,1218,000,0,0,0,000,0,0,0');
    expect(isHostStatusComplete(partial)).toBe(false);
    expect(() => parseZplHostStatus(partial)).toThrow(HostStatusParseError);
    expect(() => parseZplHostStatus(line('030,0') + line('1,2,3,4') + line('1234,0'))).toThrow(/12 fields/);
  });

  it('round-trips the simulator format', () => {
    const reply = formatZplHostStatus({ paperOut: true, headOpen: true });
    expect(isHostStatusComplete(reply)).toBe(true);
    expect(parseZplHostStatus(reply)).toMatchObject({ paperOut: true, headOpen: true, paused: false, ready: false });
  });
});
