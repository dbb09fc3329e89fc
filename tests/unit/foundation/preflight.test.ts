import { describe, expect, it } from 'vitest';
import { REQUIREMENTS, planPreflight } from '../../../scripts/preflight-plan.mjs';

const every = REQUIREMENTS.flatMap((r) => r.binaries.map((alternatives) => alternatives[0]));
const machine = (missing: string[], rest: { isRoot?: boolean; hasAptGet?: boolean } = {}) => ({
  has: (b: string) => every.includes(b) && !missing.includes(b),
  isRoot: rest.isRoot ?? false,
  hasAptGet: rest.hasAptGet ?? true,
});

describe('npm test preflight', () => {
  it('goes ahead when every tool is there (either name of Chromium will do)', () => {
    expect(planPreflight(machine([])).action).toBe('ok');
    const chromiumBrowser = { ...machine(['chromium']), has: (b: string) => b === 'chromium-browser' || (every.includes(b) && b !== 'chromium') };
    expect(planPreflight(chromiumBrowser).action).toBe('ok');
  });

  it('as root with apt-get, installs exactly the missing packages', () => {
    const plan = planPreflight(machine(['socat', 'pdftotext', 'lpadmin'], { isRoot: true }));
    expect(plan.action).toBe('install');
    expect(plan.packages).toEqual(['socat', 'cups', 'cups-bsd', 'poppler-utils']);
    expect(plan.command).toBe('apt-get update && apt-get install -y socat cups cups-bsd poppler-utils');
  });

  it('without root, stops at once with the exact sudo command, naming what is missing', () => {
    const plan = planPreflight(machine(['initdb', 'zbarimg']));
    expect(plan.action).toBe('stop');
    expect(plan.command).toBe('sudo apt-get update && sudo apt-get install -y postgresql zbar-tools');
    expect(plan.message).toContain('PostgreSQL (initdb, pg_ctl)');
    expect(plan.message).toContain('zbarimg');
    expect(plan.message).toContain('sudo apt-get update && sudo apt-get install -y postgresql zbar-tools');
  });

  it('without apt-get (not Debian), stops and lists the packages, even as root', () => {
    const plan = planPreflight(machine(['socat', 'chromium'], { isRoot: true, hasAptGet: false }));
    expect(plan.action).toBe('stop');
    expect(plan.command).toBeNull();
    expect(plan.message).toMatch(/package manager.*chromium socat/);
  });
});
