import { afterEach, describe, expect, it } from 'vitest';
import { SIMULATED, startSimulatedDevices, type SimulatedDevices } from '../../../main/devices/simulated-devices';
import { fulfilmentShop, order, pickEverything, type FulfilmentApp } from './fulfilment-setup';

let app: FulfilmentApp | undefined;
let devices: SimulatedDevices | undefined;
afterEach(async () => {
  await devices?.close();
  await app?.cleanup();
  app = devices = undefined;
});

describe('serve --simulate-devices', () => {
  it('the simulated scale settles on the open parcel’s expected weight, so the pack flow passes', async () => {
    app = await fulfilmentShop({ workers: true });
    devices = await startSimulatedDevices(app);
    expect(devices.scale).not.toBeNull();
    const o = await order(app, [{ sku: 'CAP', quantity: 1 }, { sku: 'SOCK', quantity: 2 }]);
    const [batch] = await app.invoke('picking.createBatches', { warehouse: 'MAIN', orderIds: [o.id] });
    await pickEverything(app, batch.id);
    const session = await app.invoke('packing.open', { station: SIMULATED.station, code: o.number });
    let last = session;
    for (const code of ['SUP-CAP', 'SUP-SOCK', 'SUP-SOCK']) last = (await app.invoke('packing.scanItem', { sessionId: session.id, code })).session;
    expect(last.weight.expectedG).toBe(410);

    // Weighing waits for a stable reading taken after the press: the platter has settled on 410 g.
    const weighed = await app.invoke('packing.weigh', { sessionId: session.id });
    expect(weighed).toMatchObject({ labelUnlocked: true, weight: expect.objectContaining({ ok: true }) });
    expect(Math.abs(weighed.weight.measuredG! - 410)).toBeLessThanOrEqual(5);
  });
});
