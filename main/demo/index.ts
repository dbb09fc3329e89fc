import type { App } from '../app';
import { Random } from './random';
import { DEMO_SEEDERS } from './seeders';

export interface DemoContext {
  app: App;
  random: Random;
  seed: number;
  /** Noon UTC of the current day: history is laid out backwards from here. */
  today: Date;
}

/** One domain's part of the demo shop; seeders run in order (catalog before orders, ...). */
export interface DemoSeeder {
  name: string;
  seed(ctx: DemoContext): void | Promise<void>;
}


/**
 * Seeds the demo shop once per database. Returns false when it was already seeded.
 * Everything is derived from `seed`, so two runs with the same seed produce the same shop.
 */
export async function seedDemo(app: App, { seed }: { seed: number }): Promise<boolean> {
  const { store } = app;
  const done = await store.get(store.kysely.selectFrom('setting').select('value').where('key', '=', 'demo.seed'));
  if (done) return false;
  // Relative to the current day (not the current second), so a seed gives the same shop all day.
  const now = app.clock.now();
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 12));
  const random = new Random(seed);
  // The demo shop is in the US (its warehouses and zone charts are): it keeps US public holidays.
  await app.invoke('calendar.update', { holidayCountry: 'US' });
  for (const seeder of DEMO_SEEDERS) await seeder.seed({ app, random, seed, today });
  await store.run(store.kysely.insertInto('setting').values({ key: 'demo.seed', value: String(seed) }));
  return true;
}
