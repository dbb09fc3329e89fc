import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { devContentSecurityPolicy, injectCspMeta, metaContentSecurityPolicy } from '../../../main/renderer-csp';
import { CONTENT_SECURITY_POLICY } from '../../../main/server/security';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const metaOf = (html: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]?.replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('the console’s CSP <meta> (file:// has no headers)', () => {
  it('is the station server’s policy without frame-ancestors, which a <meta> ignores', () => {
    const meta = metaContentSecurityPolicy();
    expect(meta.split('; ')).toEqual(CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors')));
    expect(meta).toContain("script-src 'self'");
    expect(meta).not.toContain('unsafe');
    // Only `vite dev` relaxes it (React Fast Refresh's inline preamble, injected styles, HMR socket).
    expect(devContentSecurityPolicy()).toContain("script-src 'self' 'unsafe-inline'");
  });

  it('goes first in <head>, before any script or stylesheet, and is put in once', () => {
    const source = readFileSync(path.join(ROOT, 'renderer', 'index.html'), 'utf8');
    const html = injectCspMeta(source, metaContentSecurityPolicy());
    expect(metaOf(html)).toBe(metaContentSecurityPolicy());
    expect(html.indexOf('Content-Security-Policy" content')).toBeLessThan(html.indexOf('<script'));
    expect(() => injectCspMeta(html, metaContentSecurityPolicy())).toThrow(/already/);
  });

  // The e2e run builds the console first (npm run test:e2e); a unit run may come before any build.
  it.runIf(existsSync(path.join(ROOT, 'out', 'renderer', 'index.html')))('is in the built console (out/renderer/index.html) and equals the server policy', () => {
    const built = readFileSync(path.join(ROOT, 'out', 'renderer', 'index.html'), 'utf8');
    expect(metaOf(built)).toBe(metaContentSecurityPolicy());
    expect(built.indexOf('Content-Security-Policy')).toBeLessThan(built.indexOf('<script'));
  });
});
