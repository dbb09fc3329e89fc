import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import type { App } from '../app';
import { readAllowedHosts } from '../domain/system/station-access';
import { HttpError } from './http-util';

/** How long the allow-list is trusted before the setting (which the CLI may change) is read again. */
const REFRESH_MS = 3_000;

/**
 * Which Host (and Origin) the station server answers to. A browser sends the page's own host in
 * both, so a request naming any other host is either a DNS-rebinding page (evil.example resolving
 * to 127.0.0.1) or a cross-site page calling our API; both are refused. Allowed: the loopback
 * names with the server's port, in LAN mode this machine's addresses and host name, and the names
 * the owner adds for a reverse proxy (Settings → Station server access).
 *
 * The set is built once and rebuilt when the setting changes (an event in this process) or, for a
 * change made by another process, at most every few seconds: a request costs a Set lookup.
 */
export class HostAllowList {
  private exact = new Set<string>();
  /** Owner-added names without a port: any port (a proxy may or may not forward one). */
  private anyPort = new Set<string>();
  private builtAt = 0;
  private rebuilding: Promise<void> | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly app: App,
    private readonly port: number,
    private readonly lan: boolean,
    private readonly bindHost: string,
  ) {
    this.unsubscribe = app.events.subscribe((event) => {
      if (event.topic === 'stationAccess.changed') this.builtAt = 0;
    });
  }

  close(): void {
    this.unsubscribe();
  }

  /** Refuses a request whose Host or Origin is not ours; returns nothing when it may pass. */
  async check(req: IncomingMessage): Promise<void> {
    const host = req.headers.host;
    if (!host) throw new HttpError(400, 'VALIDATION', 'The Host header is required');
    if (!await this.allows(host.toLowerCase())) throw new HttpError(421, 'FORBIDDEN', 'This server does not answer to that host name. Add it under Settings → Station server access if it is a proxy of yours.');
    const origin = req.headers.origin;
    if (origin !== undefined && !await this.allowsOrigin(origin)) throw new HttpError(403, 'FORBIDDEN', 'Requests from other sites are refused');
  }

  private async allows(host: string): Promise<boolean> {
    await this.refreshIfStale();
    if (this.exact.has(host)) return true;
    return this.anyPort.size > 0 && this.anyPort.has(hostWithoutPort(host));
  }

  /** An origin is the console's own when it is http(s) and its host:port is one we answer to. */
  private async allowsOrigin(origin: string): Promise<boolean> {
    // "null" (sandboxed frames, file: pages) and anything unparsable are someone else's.
    const match = /^(https?):\/\/([^/?#@]+)$/i.exec(origin.trim());
    return match !== null && await this.allows(match[2].toLowerCase());
  }

  /**
   * Requests that arrive while the list is being rebuilt wait for that rebuild: answered from the
   * sets being replaced, the first requests after a start (empty sets) were refused with 421, and
   * a name just removed would still pass.
   */
  private refreshIfStale(): Promise<void> {
    if (this.rebuilding) return this.rebuilding;
    if (Date.now() - this.builtAt < REFRESH_MS) return Promise.resolve();
    this.builtAt = Date.now();
    this.rebuilding = this.rebuild().finally(() => (this.rebuilding = null));
    return this.rebuilding;
  }

  private async rebuild(): Promise<void> {
    const exact = new Set<string>();
    const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
    if (this.bindHost !== '0.0.0.0' && this.bindHost !== '::') names.add(this.bindHost.includes(':') ? `[${this.bindHost}]` : this.bindHost);
    if (this.lan) for (const name of lanNames()) names.add(name);
    for (const name of names) {
      exact.add(`${name}:${this.port}`);
      // Port 80 is left out of the Host header.
      if (this.port === 80) exact.add(name);
    }
    const anyPort = new Set<string>();
    let extra: string[] = [];
    try {
      extra = await readAllowedHosts(this.app.store);
    } catch {
      // A closed or busy database must not open the door: keep only the built-in names.
    }
    for (const name of extra) {
      if (/:\d+$/.test(name)) exact.add(name);
      else anyPort.add(name);
    }
    this.exact = exact;
    this.anyPort = anyPort;
  }
}

/** This machine's LAN addresses and names, as a station on the network would type them. */
function lanNames(): string[] {
  const names: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4') names.push(a.address);
      else names.push(`[${a.address.split('%', 1)[0].toLowerCase()}]`);
    }
  }
  const hostname = os.hostname().toLowerCase();
  if (hostname) names.push(hostname, hostname.endsWith('.local') ? hostname : `${hostname}.local`);
  return names;
}

function hostWithoutPort(host: string): string {
  return host.replace(/:\d*$/, '');
}
