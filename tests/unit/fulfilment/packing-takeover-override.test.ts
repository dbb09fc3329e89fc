import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../main/app';
import { startPrinterSimulator, startScaleSimulator, type PrinterSimulator, type ScaleSimulator } from '../../../main/devices/simulators';
import { fulfilmentShop, order, pickEverything, type FulfilmentApp } from './fulfilment-setup';

let app: FulfilmentApp | undefined;
let printer: PrinterSimulator | undefined;
let scale: ScaleSimulator | undefined;
let second: App | undefined;
afterEach(async () => {
  await second?.close();
  await app?.cleanup();
  await printer?.close();
  await scale?.close();
  app = printer = scale = second = undefined;
});

/** Station 1 with a label printer and a real (simulated) scale on a socat pty; Station 2 types weights. */
async function shop(): Promise<FulfilmentApp> {
  printer = await startPrinterSimulator();
  scale = await startScaleSimulator({ protocol: 'nci', nciUnit: 'kg' });
  scale.setWeight(0);
  const a = (app = await fulfilmentShop({ workers: true }));
  await a.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: printer.uri });
  await a.invoke('scales.upsert', { name: 'Bench scale', protocol: 'nci', port: scale.path });
  await a.invoke('stations.upsert', { name: 'Station 1', shippingLabelPrinter: 'Zebra', scale: 'Bench scale' });
  await a.invoke('stations.upsert', { name: 'Station 2', shippingLabelPrinter: 'Zebra' });
  return a;
}

/** A picked order (cap + 2 socks: 410 g with the small box), claimed and verified at Station 1. */
async function verifiedAtStation1(a: FulfilmentApp) {
  const o = await order(a, [{ sku: 'CAP', quantity: 1 }, { sku: 'SOCK', quantity: 2 }]);
  const [batch] = await a.invoke('picking.createBatches', { warehouse: 'MAIN', orderIds: [o.id] });
  await pickEverything(a, batch.id);
  const session = await a.invoke('packing.open', { station: 'Station 1', code: o.number }, { actor: 'ann', role: 'packer' });
  for (const code of ['SUP-CAP', 'SUP-SOCK', 'SUP-SOCK']) await a.invoke('packing.scanItem', { sessionId: session.id, code });
  return { order: o, session };
}

const auditRows = async (a: FulfilmentApp, action: string) =>
  await a.store.raw<{ actor: string; outcome: string; detail: string }>('select actor, outcome, detail from audit_log where action = ? order by id', action);

describe('packing: take over a claimed order', () => {
  it('moves the claim with what was verified to the new station, audited; the old station is free', async () => {
    const a = await shop();
    const { order: o, session } = await verifiedAtStation1(a);
    const refused = a.invoke('packing.open', { station: 'Station 2', code: o.number }, { actor: 'bob', role: 'packer' });
    await expect(refused).rejects.toThrow(`${o.number} is already being packed at Station 1 (ann)`);

    const taken = await a.invoke('packing.takeOver', { station: 'Station 2', code: o.number }, { actor: 'bob', role: 'packer' });
    expect(taken).toMatchObject({ id: session.id, station: 'Station 2', claimedBy: 'bob', allVerified: true, step: 'weigh' });
    expect(taken.events[0]).toMatchObject({ kind: 'claim', actor: 'bob', detail: { station: 'Station 2', takenOverFrom: 'Station 1', previouslyClaimedBy: 'ann' } });
    expect(await a.invoke('packing.current', { station: 'Station 1' })).toBeNull();
    expect((await a.invoke('packing.current', { station: 'Station 2' }))?.id).toBe(session.id);
    expect(await auditRows(a, 'packing.takeOver')).toEqual([expect.objectContaining({ actor: 'bob', outcome: 'ok' })]);

    // Station 2 packs on: the typed weight unlocks the label there.
    expect((await a.invoke('packing.weigh', { sessionId: session.id, grams: 405 })).labelUnlocked).toBe(true);
  });

  it('refuses to take over onto a station still packing another order', async () => {
    const a = await shop();
    const { order: o } = await verifiedAtStation1(a);
    const other = await order(a, [{ sku: 'BOOK', quantity: 1 }]);
    const busy = await a.invoke('packing.open', { station: 'Station 2', code: other.number });
    await expect(a.invoke('packing.takeOver', { station: 'Station 2', code: o.number })).rejects.toThrow(`This station is still packing ${busy.orderNumber}`);
    expect((await a.invoke('packing.current', { station: 'Station 1' }))?.orderNumber).toBe(o.number);
  });

  it('two stations taking over the same order at once: each hand-over starts where the last one left it', async () => {
    const a = await shop();
    await a.invoke('stations.upsert', { name: 'Station 3', shippingLabelPrinter: 'Zebra' });
    const { order: o, session } = await verifiedAtStation1(a);
    // A second process on the same database, as a second station server would be.
    second = await openApp({ dbPath: a.store.path });
    const results = await Promise.allSettled([
      a.invoke('packing.takeOver', { station: 'Station 2', code: o.number }, { actor: 'bob', role: 'packer' }),
      second.invoke('packing.takeOver', { station: 'Station 3', code: o.number }, { actor: 'cy', role: 'packer' }),
    ]);
    // One after the other (both succeed, 1 → x → y) or side by side (the later one is refused); never
    // two hand-overs from Station 1, which would leave a station believing it holds an order it does not.
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason.message)).toMatch(/just taken over or finished at another station/);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    const claims = (await a.store.raw<{ detail: string }>("select detail from pack_event where session_id = ? and kind = 'claim' order by id", session.id)).map(
      (e) => JSON.parse(e.detail) as { station: string; takenOverFrom?: string },
    );
    expect(claims.length).toBe(1 + results.filter((r) => r.status === 'fulfilled').length);
    for (let i = 1; i < claims.length; i++) expect(claims[i].takenOverFrom).toBe(claims[i - 1].station);
    const holder = claims.at(-1)!.station;
    expect(await a.store.raw("select count(*) as n from pack_session where status = 'packing'")).toEqual([{ n: 1 }]);
    expect((await a.invoke('packing.current', { station: holder }))?.id).toBe(session.id);
    for (const other of ['Station 1', 'Station 2', 'Station 3'].filter((s) => s !== holder)) expect(await a.invoke('packing.current', { station: other })).toBeNull();
  });
});

describe('packing: weight override', () => {
  it('asks for the supervisor PIN set in Settings: a wrong PIN is refused, the right one accepted, both audited, the PIN never stored', async () => {
    const a = await shop();
    expect((await a.invoke('packing.settings', {})).supervisorPinSet).toBe(false);
    expect(await a.invoke('packing.setSupervisorPin', { pin: '4821' })).toMatchObject({ supervisorPinSet: true });
    const stored = await a.store.raw<{ key: string; value: string }>("select key, value from setting where key like 'packing.%'");
    // Only a salted hash: scrypt, a random salt and the derived key in hex (whose random digits may
    // happen to contain "4821", so the check is the value's shape, not the absence of the digits).
    expect(stored).toEqual([{ key: 'packing.supervisorPinHash', value: expect.stringMatching(/^scrypt:[0-9a-f]{32}:[0-9a-f]{64}$/) }]);
    expect(JSON.stringify(await auditRows(a, 'packing.setSupervisorPin'))).not.toContain('4821');
    await expect(a.invoke('packing.setSupervisorPin', { pin: '12' })).rejects.toThrow(/field "pin": the PIN must be 4 to 12 digits/);

    const { session } = await verifiedAtStation1(a);
    scale!.setWeight(260);
    expect((await a.invoke('packing.weigh', { sessionId: session.id })).labelUnlocked).toBe(false);
    const override = { sessionId: session.id, reason: 'cap ships separately', supervisor: 'Maria' };
    await expect(a.invoke('packing.override', override)).rejects.toThrow(/supervisor PIN is set/);
    await expect(a.invoke('packing.override', { ...override, pin: '1111' }, { actor: 'ann', role: 'packer' })).rejects.toThrow(/Wrong supervisor PIN/);
    expect((await a.invoke('packing.get', { sessionId: session.id })).labelUnlocked).toBe(false);

    const ok = await a.invoke('packing.override', { ...override, pin: '4821' }, { actor: 'ann', role: 'packer' });
    expect(ok).toMatchObject({ labelUnlocked: true, weight: expect.objectContaining({ overridden: true, overrideBy: 'Maria' }) });
    expect(ok.events[0]).toMatchObject({ kind: 'override', detail: expect.objectContaining({ supervisor: 'Maria', approvedWith: 'pin' }) });
    const audit = await auditRows(a, 'packing.override');
    expect(audit.map((r) => [r.actor, r.outcome])).toEqual([
      ['owner', 'forbidden'],
      ['ann', 'forbidden'],
      ['ann', 'ok'],
    ]);
    expect(JSON.parse(audit[2].detail)).toMatchObject({ supervisor: 'Maria', reason: 'cap ships separately', pin: '••••' });
    expect(audit.map((r) => r.detail).join()).not.toMatch(/4821|1111/);
  });

  it('stays through the next scale readings until the box changes or it is cleared', async () => {
    const a = await shop();
    const { session } = await verifiedAtStation1(a);
    scale!.setWeight(260);
    await a.invoke('packing.weigh', { sessionId: session.id });
    await a.invoke('packing.override', { sessionId: session.id, reason: 'cap ships separately', supervisor: 'Maria' });

    // The parcel settles a little differently on the next readings: the override stays.
    for (const grams of [270, 250]) {
      scale!.setWeight(grams);
      const again = await a.invoke('packing.weigh', { sessionId: session.id });
      expect(again).toMatchObject({ labelUnlocked: true, weight: expect.objectContaining({ measuredG: grams, ok: false, overridden: true, overrideBy: 'Maria' }) });
    }

    // Another box is another parcel: the override goes and the label locks again.
    const reboxed = await a.invoke('packing.setBox', { sessionId: session.id, box: 'BOX-L' });
    expect(reboxed).toMatchObject({ labelUnlocked: false, weight: expect.objectContaining({ overridden: false }) });
    expect(reboxed.lockedReason).toMatch(/weight does not match/);

    await a.invoke('packing.override', { sessionId: session.id, reason: 'cap ships separately', supervisor: 'Maria' });
    const cleared = await a.invoke('packing.clearOverride', { sessionId: session.id });
    expect(cleared).toMatchObject({ labelUnlocked: false, weight: expect.objectContaining({ overridden: false }) });
  });

  it('an empty platter is not the parcel’s weight: weighing waits for the parcel, then says to put it on', async () => {
    const a = await shop();
    const { session } = await verifiedAtStation1(a);
    // The scale reads a stable 0 g the whole time (nothing was put on it).
    await expect(a.invoke('packing.weigh', { sessionId: session.id })).rejects.toThrow('Scale Bench scale reads 0 g: put the parcel on the scale and weigh again');
    expect((await a.invoke('packing.get', { sessionId: session.id })).weight.measuredG).toBeNull();
  });

  it('says why the label is locked: items to scan, then the weighing', async () => {
    const a = await shop();
    const o = await order(a, [{ sku: 'BOOK', quantity: 1 }]);
    const session = await a.invoke('packing.open', { station: 'Station 2', code: o.number });
    expect(session.lockedReason).toBe('scan all items first: 1 unit(s) still to verify');
    await expect(a.invoke('packing.ship', { sessionId: session.id })).rejects.toThrow('Label locked: scan all items first: 1 unit(s) still to verify');
    const verified = await a.invoke('packing.scanItem', { sessionId: session.id, code: 'SUP-BOOK' });
    expect(verified.session.lockedReason).toBe('weigh the parcel first');
  });
});
