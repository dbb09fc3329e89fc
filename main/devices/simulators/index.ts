export { startPrinterSimulator, type PrinterSimulator, type PrinterSimulatorOptions, type SimulatedPrintJob } from './printer-simulator';
export { startScaleSimulator, type ScaleSimulator, type ScaleSimulatorOptions } from './scale-simulator';
export * from './scale-replies';
