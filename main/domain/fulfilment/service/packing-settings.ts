import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { PackingSettingsDto } from '../../../../shared/api/fulfilment';
import { AppError, invalid } from '../../../../shared/errors';
import type { Core } from '../../../core';

type TunableSettings = Omit<PackingSettingsDto, 'supervisorPinSet'>;

const SETTINGS_DEFAULTS: TunableSettings = { weightTolerancePercent: 5, weightToleranceMinG: 20, printPackingSlip: false };
const SETTING_KEYS: Record<keyof TunableSettings, string> = {
  weightTolerancePercent: 'packing.weightTolerancePercent',
  weightToleranceMinG: 'packing.weightToleranceMinG',
  printPackingSlip: 'packing.printPackingSlip',
};
/** Only a salted scrypt hash of the supervisor PIN is stored, never the PIN. */
const PIN_HASH_KEY = 'packing.supervisorPinHash';
const PIN_PATTERN = /^\d{4,12}$/;

async function settingRows(core: Core): Promise<Map<string, string>> {
  const { store } = core;
  const rows = await store.all(store.kysely.selectFrom('setting').select(['key', 'value']).where('key', 'like', 'packing.%'));
  return new Map(rows.map((r) => [r.key, r.value]));
}

async function putSetting(core: Core, key: string, value: string | null): Promise<void> {
  const { store } = core;
  if (value === null) await store.run(store.kysely.deleteFrom('setting').where('key', '=', key));
  else await store.run(store.kysely.insertInto('setting').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })));
}

export async function packingSettings(core: Core): Promise<PackingSettingsDto> {
  const byKey = await settingRows(core);
  const num = (k: keyof TunableSettings, d: number) => (byKey.has(SETTING_KEYS[k]) ? Number(byKey.get(SETTING_KEYS[k])) : d);
  return {
    weightTolerancePercent: num('weightTolerancePercent', SETTINGS_DEFAULTS.weightTolerancePercent),
    weightToleranceMinG: num('weightToleranceMinG', SETTINGS_DEFAULTS.weightToleranceMinG),
    printPackingSlip: byKey.has(SETTING_KEYS.printPackingSlip) ? byKey.get(SETTING_KEYS.printPackingSlip) === 'true' : SETTINGS_DEFAULTS.printPackingSlip,
    supervisorPinSet: byKey.has(PIN_HASH_KEY),
  };
}

export async function updatePackingSettings(core: Core, input: Partial<TunableSettings>): Promise<PackingSettingsDto> {
  await core.store.tx(async () => {
    for (const [k, v] of Object.entries(input)) {
      if (v === undefined || !(k in SETTING_KEYS)) continue;
      await putSetting(core, SETTING_KEYS[k as keyof TunableSettings], String(v));
    }
  });
  return await packingSettings(core);
}

function hashPin(pin: string, salt: Buffer): Buffer {
  return scryptSync(pin, salt, 32);
}

/** Sets (or, with null, removes) the PIN a supervisor types to let a weight mismatch through. */
export async function setSupervisorPin(core: Core, pin: string | null): Promise<PackingSettingsDto> {
  if (pin !== null && !PIN_PATTERN.test(pin)) throw invalid('The supervisor PIN must be 4 to 12 digits', { field: 'pin' });
  const value = pin === null ? null : (() => {
    const salt = randomBytes(16);
    return `scrypt:${salt.toString('hex')}:${hashPin(pin, salt).toString('hex')}`;
  })();
  await core.store.tx(async () => await putSetting(core, PIN_HASH_KEY, value));
  return await packingSettings(core);
}

/**
 * Refuses an override whose PIN does not match the one set in Settings (FORBIDDEN, so the refusal
 * lands in the audit log). Without a PIN set, the supervisor's name is all that is asked.
 * Returns how the override was approved, for the pack event.
 */
export async function checkSupervisorPin(core: Core, pin: string | undefined): Promise<'pin' | 'name'> {
  const stored = (await settingRows(core)).get(PIN_HASH_KEY);
  if (!stored) return 'name';
  if (!pin) throw new AppError('FORBIDDEN', 'A supervisor PIN is set for overrides: ask the supervisor to type it', { field: 'pin' });
  const [, saltHex, hashHex] = stored.split(':');
  const expected = Buffer.from(hashHex, 'hex');
  const given = hashPin(pin, Buffer.from(saltHex, 'hex'));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('FORBIDDEN', 'Wrong supervisor PIN: the weight block stays', { field: 'pin' });
  }
  return 'pin';
}
