/**
 * ZPL `~HS` host status: three `<STX>…<ETX><CR><LF>` strings of comma-separated fields
 * (ZPL II Programming Guide; see FORMATS.md §3.1). String 2's field list is marked unverified
 * there, so only its well-known head-up (o) and ribbon-out (p) flags drive decisions.
 */

export interface ZplHostStatus {
  paperOut: boolean;
  paused: boolean;
  headOpen: boolean;
  ribbonOut: boolean;
  bufferFull: boolean;
  partialFormat: boolean;
  corruptRam: boolean;
  underTemperature: boolean;
  overTemperature: boolean;
  thermalTransfer: boolean;
  labelLengthDots: number;
  formatsInBuffer: number;
  labelsRemaining: number;
  printMode: number;
  /** True when nothing stops the printer from printing the next label. */
  ready: boolean;
  /** Human-readable reasons it is not ready, for the packer's screen. */
  problems: string[];
}

const STX = '\x02';
const ETX = '\x03';

export class HostStatusParseError extends Error {
  constructor(message: string, public readonly raw: string) {
    super(message);
    this.name = 'HostStatusParseError';
  }
}

export function hostStatusStrings(reply: string): string[] {
  const strings: string[] = [];
  let from = reply.indexOf(STX);
  while (from !== -1) {
    const end = reply.indexOf(ETX, from + 1);
    if (end === -1) break;
    strings.push(reply.slice(from + 1, end));
    from = reply.indexOf(STX, end + 1);
  }
  return strings;
}

/** A reply is complete once all three strings have arrived (used to stop reading the socket). */
export function isHostStatusComplete(reply: Buffer | string): boolean {
  const text = typeof reply === 'string' ? reply : reply.toString('latin1');
  return hostStatusStrings(text).length >= 3;
}

const flag = (field: string | undefined) => field?.trim() === '1';
const integer = (field: string | undefined) => {
  const value = Number.parseInt(field?.trim() ?? '', 10);
  return Number.isFinite(value) ? value : 0;
};

export function parseZplHostStatus(reply: Buffer | string): ZplHostStatus {
  const raw = typeof reply === 'string' ? reply : reply.toString('latin1');
  const strings = hostStatusStrings(raw);
  if (strings.length < 3) throw new HostStatusParseError(`~HS reply has ${strings.length} of 3 status strings`, raw);
  const first = strings[0].split(',');
  const second = strings[1].split(',');
  if (first.length < 12) throw new HostStatusParseError(`~HS string 1 has ${first.length} of 12 fields`, raw);
  if (second.length < 4) throw new HostStatusParseError(`~HS string 2 has ${second.length} fields, expected 11`, raw);

  const status = {
    paperOut: flag(first[1]),
    paused: flag(first[2]),
    labelLengthDots: integer(first[3]),
    formatsInBuffer: integer(first[4]),
    bufferFull: flag(first[5]),
    partialFormat: flag(first[7]),
    corruptRam: flag(first[9]),
    underTemperature: flag(first[10]),
    overTemperature: flag(first[11]),
    headOpen: flag(second[2]),
    ribbonOut: flag(second[3]),
    thermalTransfer: flag(second[4]),
    printMode: integer(second[5]),
    labelsRemaining: integer(second[8]),
  };
  const problems: string[] = [];
  if (status.paperOut) problems.push('out of labels');
  if (status.headOpen) problems.push('print head is open');
  // Direct-thermal printers (the usual 4×6 shipping printer) report ribbon out permanently.
  if (status.ribbonOut && status.thermalTransfer) problems.push('out of ribbon');
  if (status.paused) problems.push('paused');
  if (status.bufferFull) problems.push('receive buffer full');
  if (status.overTemperature) problems.push('print head too hot');
  if (status.corruptRam) problems.push('memory corrupted: power-cycle the printer');
  return { ...status, ready: problems.length === 0, problems };
}

export interface HostStatusFlags {
  paperOut?: boolean;
  paused?: boolean;
  headOpen?: boolean;
  ribbonOut?: boolean;
  bufferFull?: boolean;
  labelLengthDots?: number;
  formatsInBuffer?: number;
}

/** Builds a well-formed ~HS reply, the way a Zebra answers; used by the printer simulator. */
export function formatZplHostStatus(flags: HostStatusFlags = {}): string {
  const bit = (value: boolean | undefined) => (value ? '1' : '0');
  const first = [
    '030',
    bit(flags.paperOut),
    bit(flags.paused),
    String(flags.labelLengthDots ?? 1218).padStart(4, '0'),
    String(flags.formatsInBuffer ?? 0).padStart(3, '0'),
    bit(flags.bufferFull),
    '0', '0', '000', '0', '0', '0',
  ].join(',');
  const second = ['001', '0', bit(flags.headOpen), bit(flags.ribbonOut), '0', '2', '6', '0', '00000000', '1', '000'].join(',');
  const third = ['1234', '0'].join(',');
  return [first, second, third].map((line) => `${STX}${line}${ETX}\r\n`).join('');
}
