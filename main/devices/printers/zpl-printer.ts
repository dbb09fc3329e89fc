import { exchangeRaw, sendRaw, type SendRawOptions } from './raw-tcp';
import { isHostStatusComplete, parseZplHostStatus, type ZplHostStatus } from './zpl-host-status';

/** Asks a Zebra for its host status on a fresh connection; ~HS is answered on the same socket. */
export async function queryZplStatus(uri: string, options: SendRawOptions = {}): Promise<ZplHostStatus> {
  const reply = await exchangeRaw(uri, '~HS', { timeoutMs: options.timeoutMs ?? 3000, isReplyComplete: isHostStatusComplete });
  return parseZplHostStatus(reply);
}

/** ZPL is sent as UTF-8 because every format starts with ^CI28. */
export function sendZpl(uri: string, zpl: string, options: SendRawOptions = {}): Promise<void> {
  return sendRaw(uri, Buffer.from(zpl, 'utf8'), options);
}
