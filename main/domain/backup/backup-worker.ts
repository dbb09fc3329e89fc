/**
 * Worker-thread entry of a backup (started by copy.ts): the copy, SQLite's integrity check and the
 * invariant checks of the copy run here, on a connection of their own, so the desktop app's and the
 * station server's event loop keeps answering webhooks and screens meanwhile. Bundled as its own
 * file next to the CLI bundle and the Electron main bundle.
 */
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { copyAndVerifyHere, type CopyJob } from './copy';
import { childLogger, forwardLogsToMainThread } from '../../logging/logger';

forwardLogsToMainThread();
const log = childLogger({ worker: 'backup' });

// Lowest CPU priority for this thread only: on Linux the nice value belongs to a thread, and
// setpriority(PRIO_PROCESS, 0) sets the calling thread's. The backup then takes the CPU the order
// intake leaves over instead of sharing it evenly (a flash sale on two cores). Elsewhere the call
// would lower the whole app, so it is not made. (In the bench the cores were not saturated and it
// made no measurable difference; with both cores busy it is what keeps the backup out of the way.)
if (process.platform === 'linux' && (workerData as CopyJob).lowPriority !== false) {
  try {
    os.setPriority(19);
  } catch {
    // not permitted: the backup runs at normal priority
  }
}

try {
  const outcome = await copyAndVerifyHere(workerData as CopyJob, (done, total) => parentPort!.postMessage({ progress: [done, total] }));
  parentPort!.postMessage({ ok: true, outcome });
} catch (error) {
  log.error({ err: error }, 'backup copy failed');
  parentPort!.postMessage({ ok: false, error: (error as Error)?.message ?? String(error) });
}
