import { afterEach, describe, expect, it } from 'vitest';
import { fulfilmentShop, order, type FulfilmentApp } from './fulfilment-setup';

let app: FulfilmentApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

describe('scan-to-pick in one bin', () => {
  it('one bin scan serves consecutive picks in the same bin; the next bin is asked for again', async () => {
    app = await fulfilmentShop();
    // Two orders of one sock each (both reserved in A01-01) and a cap (A02-05): three picks, two in one bin.
    const first = await order(app, [{ sku: 'SOCK', quantity: 1 }]);
    const second = await order(app, [{ sku: 'SOCK', quantity: 1 }, { sku: 'CAP', quantity: 1 }]);
    const [batch] = await app.invoke('picking.createBatches', { warehouse: 'MAIN', orderIds: [first.id, second.id] });
    // The route visits A02-05 first, then A01-01 for both socks.
    expect(batch.tasks.map((t) => t.bin)).toEqual(['A02-05', 'A01-01', 'A01-01']);

    const cap = await app.invoke('picking.next', { batchId: batch.id });
    expect(cap.task).toMatchObject({ bin: 'A02-05', binScanned: false });
    await app.invoke('picking.scanBin', { taskId: cap.task!.id, code: 'A02-05' });
    const sock1 = await app.invoke('picking.confirm', { taskId: cap.task!.id, code: 'SUP-CAP', qty: 1 });
    // Another bin: its scan is asked for.
    expect(sock1.message).not.toMatch(/same bin/);
    expect(sock1.task).toMatchObject({ bin: 'A01-01', binScanned: false });
    await expect(app.invoke('picking.confirm', { taskId: sock1.task!.id, code: 'SUP-SOCK', qty: 1 })).rejects.toThrow(/Scan bin A01-01 first/);
    await app.invoke('picking.scanBin', { taskId: sock1.task!.id, code: 'A01-01' });
    const sock2 = await app.invoke('picking.confirm', { taskId: sock1.task!.id, code: 'SUP-SOCK', qty: 1 });
    expect(sock2.message).toMatch(/same bin A01-01: scan the item/);
    expect(sock2.task).toMatchObject({ bin: 'A01-01', binScanned: true });
    expect(sock2.task!.id).not.toBe(sock1.task!.id);

    // No second bin scan: the item is checked and confirmed straight away.
    await app.invoke('picking.scanItem', { taskId: sock2.task!.id, code: 'SUP-SOCK' });
    expect(await app.invoke('picking.confirm', { taskId: sock2.task!.id, code: 'SUP-SOCK', qty: 1 })).toMatchObject({ done: true });
  });
});
