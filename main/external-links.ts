import { trackingPageHosts } from './domain/shipping/tracking-pages';

/**
 * Which links the desktop window may hand to the system browser (shell.openExternal). Anything a
 * page can put in a link reaches openExternal, and openExternal runs any registered protocol
 * handler (file:, smb:, ms-msdt:, a custom app's scheme): only https pages of hosts we know are let
 * through, nothing else, ever.
 */
export function isAllowedExternalUrl(url: string, allowedHosts: readonly string[]): boolean {
  // Whitespace and control characters are dropped or re-encoded by URL parsers in different ways;
  // a link that needs them is not one of ours.
  if (typeof url !== 'string' || url.length > 2048 || /[\s\u0000-\u001f\u007f\\]/.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  // `https://www.ups.com@evil.example/` is evil.example: no credentials in an allowed link at all.
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (parsed.port !== '') return false;
  // Exact host: not a suffix match (www.ups.com.evil.example), not a parent, not a trailing dot.
  return allowedHosts.some((host) => host.toLowerCase() === parsed.hostname);
}

/**
 * The hosts the window may open: the carriers' tracking pages and the shop's own stores (the
 * https store addresses of its sales channels).
 */
export function externalUrlAllowList(storeUrls: readonly string[] = []): string[] {
  const stores = storeUrls.flatMap((u) => {
    try {
      const parsed = new URL(u);
      return parsed.protocol === 'https:' ? [parsed.hostname] : [];
    } catch {
      return [];
    }
  });
  return [...new Set([...trackingPageHosts(), ...stores])];
}
