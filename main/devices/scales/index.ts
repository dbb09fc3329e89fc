export * from './reading';
export * from './nci';
export * from './mt-sics';
export * from './continuous';
export * from './hid';
export { ScaleFramer, MAX_PENDING_CHARS, type ScaleProtocol } from './framing';
export { SerialScale, type SerialScaleOptions, type SerialScaleState, type ScaleCommandResult } from './serial-scale';
