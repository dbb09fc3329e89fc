import { readFileSync } from 'node:fs';
import path from 'node:path';
import { metaContentSecurityPolicy } from '../../main/renderer-csp';
import { CONTENT_SECURITY_POLICY } from '../../main/server/security';
import { ShellPage } from './pages/shell';
import { expect, test } from './station';

test('the built console carries the server’s CSP as a <meta> (for file:// in Electron) and runs under it: every script, style and request of the screens allowed', async ({ page, station }) => {
  const built = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'out', 'renderer', 'index.html'), 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(built)?.[1];
  expect(meta).toBe(metaContentSecurityPolicy());
  expect(meta).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));

  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`)));
  const shell = new ShellPage(page);
  for (const route of ['orders', 'stock', 'shipping', 'reports', 'settings']) {
    await shell.open(station.url, route);
    await expect(shell.heading()).toBeVisible();
  }
  // zod (Reports) probes whether it may compile code (`Function('')` in a try/catch) and, refused as
  // the policy intends, takes its plain path: that probe is the one report expected.
  expect(violations.filter((v) => !/script-src eval$/.test(v))).toEqual([]);
});
