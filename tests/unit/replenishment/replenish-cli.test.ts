import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { shopWithHistory } from './setup';

describe('CLI: replenish plan and po create --from-plan', () => {
  it('prints the plan as {lines, budget, left_out} and drafts POs from it', async () => {
    // The CLI runs on the system clock: the history ends yesterday.
    const shop = await shopWithHistory(
      [
        { sku: 'TEA', priceCents: 1200, perDay: 6, stock: 10 },
        { sku: 'JAM', priceCents: 900, perDay: 3, stock: 4 },
        { sku: 'SALT', priceCents: 500, perDay: 1, stock: 400 },
      ],
      { casePack: 12 },
      new Date(),
    );
    // The shop's own database, whichever engine the suite runs on (the URL with its password on PostgreSQL).
    const db = shop.store.engine === 'postgres' ? shop.store.url : shop.store.path;
    await shop.close();
    try {
      const plan = runCli(['replenish', 'plan', '--json', '--db', db]);
      expect(plan.status, plan.stderr).toBe(0);
      const json = plan.json();
      expect(json.lines.map((l: { sku: string }) => l.sku).sort()).toEqual(['JAM', 'TEA']);
      for (const l of json.lines) {
        expect(l.supplier).toBe('Acme');
        expect(l.qty % 12).toBe(0);
        expect(l.reason).toMatch(new RegExp(`^${l.qty} = ${l.qty / 12} cases of 12: forecast `));
      }
      expect(json.budget).toMatchObject({ period: 'month', budget_cents: 500_000, committed_cents: 0 });
      expect(json.left_out).toEqual([]);

      const created = runCli(['po', 'create', '--from-plan', '--json', '--db', db]);
      expect(created.status, created.stderr).toBe(0);
      const out = created.json();
      expect(out.pos).toHaveLength(1);
      expect(out.pos[0]).toMatchObject({ supplier: 'Acme', lines: 2, sent: false });

      const shown = runCli(['po', 'show', String(out.pos[0].id), '--json', '--db', db]);
      expect(shown.status, shown.stderr).toBe(0);
      expect(shown.stdout).toContain('cases of 12: forecast');
      // The plan now counts what was approved against the month's budget.
      const after = runCli(['replenish', 'plan', '--json', '--db', db]).json();
      expect(after.budget.committed_cents).toBe(out.pos[0].totalCents);
    } finally {
      rmSync(shop.dir, { recursive: true, force: true });
    }
  });
});
