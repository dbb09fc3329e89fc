/**
 * The console's Content-Security-Policy: scripts only from our own origin (no inline script, no
 * eval), no plugins, no framing. The same policy is set in Electron (see main/window.ts).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Sent with every response of the station server. Each response writes them in its one writeHead
 * call (withSecurityHeaders) rather than by setHeader up front: setHeader validates and stores each
 * header, and then writeHead merges and validates them all again, ~10 µs per response, which a
 * flash sale pays on every webhook.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function withSecurityHeaders(headers: Record<string, string | number>): Record<string, string | number> {
  return { ...SECURITY_HEADERS, ...headers };
}
