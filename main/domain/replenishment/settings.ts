import type { ReplenishmentSettingsDto, ReplenishmentSettingsUpdate } from '../../../shared/api/replenishment';
import { invalid } from '../../../shared/errors';
import type { Core } from '../../core';
import { MAX_FIT_DAYS } from '../forecasting/select';
import { DEFAULT_POLICY } from './policy';

/** One JSON setting row: the autopilot's budget, auto-send limit and policy parameters. */
export const SETTINGS_KEY = 'replenishment.settings';

export const DEFAULT_SETTINGS: ReplenishmentSettingsDto = {
  budgetCents: 500_000,
  budgetPeriod: 'month',
  autoSendUnderCents: null,
  dailyRun: true,
  serviceLevels: { ...DEFAULT_POLICY.serviceLevels },
  coverDays: DEFAULT_POLICY.coverDays,
  leadTimeSdFraction: DEFAULT_POLICY.leadTimeSdFraction,
  holdingRatePerYear: DEFAULT_POLICY.holdingRatePerYear,
  revenueDays: 90,
  // What the forecasting fits (a year of weeks + its backtest); older days would be read for nothing.
  historyDays: MAX_FIT_DAYS,
};

export async function readSettings(core: Core): Promise<ReplenishmentSettingsDto> {
  const { store } = core;
  const row = await store.get(store.kysely.selectFrom('setting').select('value').where('key', '=', SETTINGS_KEY));
  if (!row) return structuredClone(DEFAULT_SETTINGS);
  const saved = JSON.parse(row.value) as Partial<ReplenishmentSettingsDto>;
  return { ...structuredClone(DEFAULT_SETTINGS), ...saved, serviceLevels: { ...DEFAULT_SETTINGS.serviceLevels, ...saved.serviceLevels } };
}

/** Merges a change into the stored settings; service levels must rise from C to A. */
export async function writeSettings(core: Core, change: Omit<ReplenishmentSettingsUpdate, 'serviceLevels'> & { serviceLevels?: Partial<ReplenishmentSettingsDto['serviceLevels']> }): Promise<ReplenishmentSettingsDto> {
  const { store } = core;
  return await store.tx(async () => {
    const current = await readSettings(core);
    const next: ReplenishmentSettingsDto = { ...current, ...change, serviceLevels: { ...current.serviceLevels, ...change.serviceLevels } };
    const { A, B, C } = next.serviceLevels;
    if (!(A >= B && B >= C)) throw invalid(`serviceLevels: A (${A}) ≥ B (${B}) ≥ C (${C}) expected`, { field: 'serviceLevels' });
    const value = JSON.stringify(next);
    await store.run(store.kysely.insertInto('setting').values({ key: SETTINGS_KEY, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })));
    return next;
  });
}
