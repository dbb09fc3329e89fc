/** Every CSV Shipshape reads or writes: the tokenizer, the readers (streaming and in-memory) and the writer. */
export { CsvTokenizer, type CsvTokenizerError, type CsvTokenizerErrorCode } from './tokenizer';
export { readCsvRecords, readCsvRecordBatches, readCsvRecordsSync, CsvReadError, CsvHeader, extraCellsMessage, type CsvInput, type CsvReadOptions, type CsvRecord } from './reader';
export { csvLine, guardFormula, NUMERIC_CELL, type CsvCell, type CsvLineOptions } from './writer';
