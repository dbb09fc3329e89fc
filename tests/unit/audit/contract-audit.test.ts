import { describe, expect, it } from 'vitest';
import { api } from '../../../shared/api';
import { AUDIT_AREAS, type MethodSpec } from '../../../shared/api/contract';

/**
 * Method verbs that only read. A method whose verb is not one of these changes something and must
 * say where its audit rows go (`audit: 'stock'`, ...) or, explicitly, that it writes none
 * (`audit: false`): a new method cannot silently escape the audit log.
 */
const READ_VERB = /^(list\w*|get|search|lookup|detail|status|preview|info|counts?|tags|stateMachine|countries|dashboard|transfers|aging|valuation|export\w*|shopifyCsv|read|carriers|boxes|rules|dryRun\w*|settings|postage|rate\w*|quote|shipments?|\w+Preview|manifests|openForManifest|exceptions|batch(es)?|next|shortages|slotting|current|stats|reasons|refunds|periods|accounts)$/;

describe('API contract: audit areas', () => {
  const specs = Object.entries(api) as [string, MethodSpec][];

  it('every method that is not a read says where its changes are audited (or explicitly that they are not)', () => {
    const unmarked = specs.filter(([name, spec]) => spec.audit === undefined && !READ_VERB.test(name.split('.')[1])).map(([name]) => name);
    expect(unmarked, 'add `audit: <area>` (or `audit: false` with a reason) to these methods in shared/api/*.ts').toEqual([]);
  });

  it('reads are not audited, and every area is one the viewer knows', () => {
    for (const [name, spec] of specs) {
      if (spec.audit) expect(AUDIT_AREAS, name).toContain(spec.audit);
    }
    expect(api['stock.list'].audit).toBeUndefined();
    expect(api['stock.adjust'].audit).toBe('stock');
    expect(api['auth.pair'].redact).toEqual(['code']);
  });
});
