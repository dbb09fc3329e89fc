export {
  DEFAULT_RAW_PORT,
  exchangeRaw,
  parsePrinterUri,
  PrinterConnectionError,
  sendRaw,
  type PrinterErrorKind,
  type RawExchangeOptions,
  type SendRawOptions,
  type TcpPrinterAddress,
} from './raw-tcp';
export {
  formatZplHostStatus,
  HostStatusParseError,
  hostStatusStrings,
  isHostStatusComplete,
  parseZplHostStatus,
  type HostStatusFlags,
  type ZplHostStatus,
} from './zpl-host-status';
export { queryZplStatus, sendZpl } from './zpl-printer';
export { sendEscPos } from './escpos-sender';
export {
  cupsBackend,
  isSystemPrinterUri,
  parseSystemPrinterUri,
  pdfPageSize,
  printPdfOnSystemPrinter,
  setSystemPrintBackend,
  systemPrintBackend,
  SystemPrintError,
  type SystemPrintBackend,
  type SystemPrintJob,
} from './system-printer';
