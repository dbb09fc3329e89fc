import type { Store } from '../../../store/store';

// The shipping area's rows in `setting` (origin, on-time target, postage account, customs, version
// counters): one key, one text value. Shared by the config, postage and customs services.

export async function readSetting(store: Store, key: string): Promise<string | null> {
  return (await store.get(store.kysely.selectFrom('setting').select('value').where('key', '=', key)))?.value ?? null;
}

export async function writeSetting(store: Store, key: string, value: string): Promise<void> {
  await store.run(store.kysely.insertInto('setting').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))));
}

export async function deleteSetting(store: Store, key: string): Promise<void> {
  await store.run(store.kysely.deleteFrom('setting').where('key', '=', key));
}
