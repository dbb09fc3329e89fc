import type { DemoContext, DemoSeeder } from './index';

/** The autopilot's first run over the demo's year of history: suggestions waiting for the owner on the Suggestions tab. */
export const replenishmentSeeder: DemoSeeder = {
  name: 'replenishment',
  async seed({ app }: DemoContext) {
    await app.services.replenishment.autopilot.run({ trigger: 'daily', actor: 'autopilot', transport: 'worker' });
  },
};
