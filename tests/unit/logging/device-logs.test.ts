import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../main/app';
import { startPrinterSimulator } from '../../../main/devices/simulators';
import { closeLogging, configureLogging } from '../../../main/logging/logger';
import { tempDbPath } from '../../helpers/temp-app';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  closeLogging();
  while (cleanups.length) await cleanups.pop()!();
});

function logLines(file: string): Record<string, unknown>[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !check(); ) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('device logs', () => {
  it('a printer that refuses a job: the retries, the failure and the printer going offline are in the log with their context', async () => {
    const tmp = tempDbPath();
    cleanups.push(() => tmp.cleanup());
    const sim = await startPrinterSimulator();
    cleanups.push(() => sim.close());
    await sim.setOffline();
    const file = configureLogging({ dir: path.join(tmp.dir, 'logs') });
    const app: App = await openApp({ dbPath: tmp.dbPath, workers: true });
    cleanups.push(() => app.close());
    Object.assign(app.services.devices.queue.policy, { backoffBaseMs: 40, backoffMaxMs: 200, maxAttempts: 2 });
    await app.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: sim.uri });
    const job = await app.invoke('printers.testPrint', { name: 'Zebra' });

    await until(() => logLines(file).some((l) => l.msg === 'print job failed'));
    const lines = logLines(file);
    expect(lines.find((l) => l.msg === 'print job failed; will retry')).toMatchObject({ level: 40, module: 'print-queue', job: job.id, printer: 'Zebra', attempt: 1 });
    expect(lines.find((l) => l.msg === 'print job failed')).toMatchObject({ level: 50, module: 'print-queue', job: job.id, printer: 'Zebra', attempt: 2, err: { message: expect.stringMatching(/refused the connection/) } });
    expect(lines.find((l) => l.msg === 'printer status changed')).toMatchObject({ module: 'devices', printer: 'Zebra', status: 'offline' });
  });
});
