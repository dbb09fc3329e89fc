import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './server/security';

/**
 * The console's Content-Security-Policy as a <meta> in index.html. The station server sends it as a
 * header, but the desktop window loads index.html from file://, where no response header exists:
 * there the <meta> is the policy. One source (main/server/security.ts), put in at build time.
 */

/** Directives a <meta> policy ignores (and warns about): frame-ancestors, report-uri/report-to, sandbox. */
const HEADER_ONLY = /^(frame-ancestors|report-uri|report-to|sandbox)\b/;

/** The server's policy without the directives a <meta> cannot carry. */
export function metaContentSecurityPolicy(policy: string = CONTENT_SECURITY_POLICY): string {
  return policy
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !HEADER_ONLY.test(d))
    .join('; ');
}

/**
 * Vite's dev server needs more: React Fast Refresh's inline preamble script, styles injected as
 * <style> elements, and the HMR websocket. Only `vite dev` gets this; every build gets the strict one.
 */
export function devContentSecurityPolicy(): string {
  return metaContentSecurityPolicy()
    .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", "connect-src 'self' ws: wss:");
}

/** Puts the policy first in <head> (right after the charset): a <meta> CSP covers only what follows it. */
export function injectCspMeta(html: string, policy: string): string {
  if (/http-equiv=["']?Content-Security-Policy/i.test(html)) throw new Error('index.html already has a Content-Security-Policy <meta>; it is added at build time');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" />`;
  const charset = /<meta\s+charset=[^>]*>/i.exec(html);
  if (charset) return html.slice(0, charset.index + charset[0].length) + `\n    ${meta}` + html.slice(charset.index + charset[0].length);
  const head = /<head[^>]*>/i.exec(html);
  if (!head) throw new Error('index.html has no <head> to put the Content-Security-Policy in');
  return html.slice(0, head.index + head[0].length) + `\n    ${meta}` + html.slice(head.index + head[0].length);
}

/** The Vite plugin (electron.vite.config.ts, renderer build). */
export function cspMetaPlugin(): Plugin {
  return {
    name: 'shipshape-csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler: (html, ctx) => injectCspMeta(html, ctx.server ? devContentSecurityPolicy() : metaContentSecurityPolicy()),
    },
  };
}
