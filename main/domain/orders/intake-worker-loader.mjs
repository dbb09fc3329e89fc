// Starts the order-intake thread from the TypeScript sources (tests, tsx): tsx is registered in
// this thread first, then the .ts entry is imported. The bundled CLI starts intake-worker.mjs directly.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
