import { conflict, invalid } from '../../../../shared/errors';
import type { ScaleRow } from '../../../store/schema';
import { suggestBox } from '../../shipping/boxes';
import { checkSupervisorPin, packingSettings } from './packing-settings';
import { activeSession, allVerified, itemsWeight, packEvent, packLines, sessionRow, type PackingDeps } from './packing-store';
import { checkParcelWeight } from './weight-check';

/** How long `weigh` waits for the scale to settle before telling the packer so. */
const STABLE_WAIT_MS = 4000;
const STABLE_POLL_MS = 100;

/**
 * The parcel of a packing session: its box, its expected and measured weight, and a supervisor's
 * override of a weight block. An override belongs to the parcel: it stays through later scale
 * readings (a scale reports every few hundred milliseconds) and goes only when the parcel changes
 * (another box) or it is cleared.
 */

/** Box suggestion and expected weight, once everything is verified (the box can still change). */
export async function prepareParcel({ core, shipping }: PackingDeps, sessionId: number, actor: string): Promise<void> {
  const s = await sessionRow(core, sessionId);
  if (s.box_code) return await updateExpected({ core }, sessionId, s.box_code, s.box_tare_g ?? 0);
  const lines = await packLines(core, sessionId);
  const suggestion = suggestBox(
    lines.map((l) => ({ lengthMm: l.length_mm || 100, widthMm: l.width_mm || 100, heightMm: l.height_mm || 100, qty: l.expected_qty })),
    await shipping.config.boxes(),
  );
  const box = suggestion.ok ? suggestion.box : null;
  await updateExpected({ core }, sessionId, box?.code ?? null, box?.tareG ?? 0);
  await packEvent(core, sessionId, 'box', { box: box?.code ?? null, suggested: true, reason: suggestion.reason }, actor);
}

async function updateExpected({ core }: Pick<PackingDeps, 'core'>, sessionId: number, boxCode: string | null, tareG: number): Promise<void> {
  const expected = await itemsWeight(core, sessionId) + tareG;
  const s = await sessionRow(core, sessionId);
  let ok: number | null = null;
  if (s.measured_weight_g !== null) {
    const settings = await packingSettings(core);
    ok = checkParcelWeight({ expectedG: expected, measuredG: s.measured_weight_g, tolerancePercent: settings.weightTolerancePercent, toleranceMinG: settings.weightToleranceMinG, items: [] }).ok ? 1 : 0;
  }
  await core.store.run(core.store.kysely.updateTable('pack_session').set({ box_code: boxCode, box_tare_g: tareG, expected_weight_g: expected, weight_ok: ok }).where('id', '=', sessionId));
}

/**
 * Takes the weight from the station's scale as soon as it is stable (waits up to a few seconds)
 * and checks it. A station without a scale may type the weight (`grams`). An override given
 * earlier for this parcel stays.
 */
export async function weighParcel(deps: PackingDeps, sessionId: number, grams: number | undefined, actor: string): Promise<void> {
  const { core } = deps;
  const s = await activeSession(core, sessionId);
  if (!await allVerified(core, sessionId)) throw conflict('Verify every item before weighing: the label stays locked until then');
  const { store } = core;
  const station = (await store.get(store.kysely.selectFrom('packing_station').selectAll().where('id', '=', s.station_id)))!;
  let measured: number;
  let source: 'scale' | 'manual';
  if (station.scale_id !== null) {
    if (grams !== undefined) throw invalid(`${station.name} has a scale: the weight comes from it, not from the keyboard`, { field: 'grams' });
    const scale = (await store.get(store.kysely.selectFrom('scale').selectAll().where('id', '=', station.scale_id)))!;
    measured = await stableReading(deps, scale);
    source = 'scale';
  } else {
    if (grams === undefined) throw conflict(`${station.name} has no scale: type the weight in grams`);
    measured = grams;
    source = 'manual';
  }
  await core.store.tx(async () => {
    const current = await activeSession(core, sessionId);
    const settings = await packingSettings(core);
    const expected = current.expected_weight_g ?? await itemsWeight(core, sessionId) + (current.box_tare_g ?? 0);
    const check = checkParcelWeight({
      expectedG: expected,
      measuredG: measured,
      tolerancePercent: settings.weightTolerancePercent,
      toleranceMinG: settings.weightToleranceMinG,
      items: (await packLines(core, sessionId)).map((l) => ({ sku: l.sku, unitWeightG: l.weight_g || 100 })),
    });
    await store.run(store.kysely.updateTable('pack_session').set({ expected_weight_g: expected, measured_weight_g: measured, weight_ok: check.ok ? 1 : 0 }).where('id', '=', sessionId));
    await packEvent(core, sessionId, 'weight', { grams: measured, source, expected, toleranceG: check.toleranceG }, actor);
    if (!check.ok) await packEvent(core, sessionId, 'mismatch', { expected, measured, explanation: check.explanation, overridden: current.override_reason !== null }, actor);
  });
}

async function stableReading({ devices }: PackingDeps, scale: ScaleRow): Promise<number> {
  // The parcel was put down just before Weigh was pressed: a reading from before the press is not its weight.
  const pressedAtMs = Date.now();
  const deadline = pressedAtMs + STABLE_WAIT_MS;
  let last: { grams: number; stable: boolean; status: string; message?: string };
  for (;;) {
    last = await devices.scales.read(scale, { takenAfterMs: pressedAtMs });
    // An empty platter (0 g) is not the parcel's weight: wait for the parcel to be put on.
    if (last.stable && last.status === 'ok' && last.grams > 0) return last.grams;
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, STABLE_POLL_MS));
  }
  if (last.status === 'error') throw conflict(`Scale ${scale.name} does not answer: ${last.message ?? 'no reading'}`);
  if (last.status === 'overload') throw conflict(`Scale ${scale.name} is overloaded`);
  if (last.stable && last.status === 'ok') throw conflict(`Scale ${scale.name} reads ${last.grams} g: put the parcel on the scale and weigh again`);
  throw conflict(`Scale ${scale.name} is not stable yet (${last.grams} g): let the parcel settle and weigh again`);
}

/** Another box is another parcel: its expected weight changes and an override given for the old one goes. */
export async function chooseBox({ core, shipping }: PackingDeps, sessionId: number, boxCode: string, actor: string): Promise<void> {
  await core.store.tx(async () => {
    const s = await activeSession(core, sessionId);
    const box = (await shipping.config.boxes()).find((b) => b.code.toLowerCase() === boxCode.trim().toLowerCase());
    if (!box) throw invalid(`Box "${boxCode}" is not in the box catalog`, { field: 'box' });
    const changed = (s.box_code ?? '').toLowerCase() !== box.code.toLowerCase();
    if (changed && s.override_reason !== null) await setOverride(core, sessionId, null, null);
    await updateExpected({ core }, sessionId, box.code, box.tareG);
    await packEvent(core, sessionId, 'box', { box: box.code, suggested: false, ...(changed && s.override_reason !== null ? { overrideCleared: true } : {}) }, actor);
  });
}

/**
 * A supervisor lets a weight mismatch through. When a supervisor PIN is set in Settings it must be
 * given (a wrong one is refused as FORBIDDEN); the event records who approved and how.
 */
export async function overrideWeight({ core }: PackingDeps, sessionId: number, input: { reason: string; supervisor: string; pin?: string }, actor: string): Promise<void> {
  await core.store.tx(async () => {
    const s = await activeSession(core, sessionId);
    if (s.weight_ok !== 0) throw conflict(s.weight_ok === 1 ? 'The weight is fine: nothing to override' : 'Weigh the parcel first');
    const approvedWith = await checkSupervisorPin(core, input.pin);
    await setOverride(core, sessionId, input.reason, input.supervisor);
    await packEvent(core, sessionId, 'override', { reason: input.reason, supervisor: input.supervisor, approvedWith, expected: s.expected_weight_g, measured: s.measured_weight_g }, actor);
  });
}

/** Takes an override back: the weight check blocks the label again if the parcel is still off. */
export async function clearOverride({ core }: PackingDeps, sessionId: number, actor: string): Promise<void> {
  await core.store.tx(async () => {
    const s = await activeSession(core, sessionId);
    if (s.override_reason === null) throw conflict('There is no override to clear');
    await setOverride(core, sessionId, null, null);
    await packEvent(core, sessionId, 'override', { cleared: true, supervisor: s.override_by }, actor);
  });
}

async function setOverride(core: PackingDeps['core'], sessionId: number, reason: string | null, by: string | null): Promise<void> {
  await core.store.run(core.store.kysely.updateTable('pack_session').set({ override_reason: reason, override_by: by }).where('id', '=', sessionId));
}
