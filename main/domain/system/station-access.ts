import type { StationAccessDto } from '../../../shared/api/system';
import { invalid } from '../../../shared/errors';
import type { Core } from '../../core';
import type { Store } from '../../store/store';

/** The `setting` row holding the extra host names (JSON array) the station server answers to. */
export const ALLOWED_HOSTS_SETTING = 'server.allowedHosts';
export const MAX_ALLOWED_HOSTS = 50;

/** A DNS name or IPv4 address, or a bracketed IPv6 address, optionally with :port. */
const HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;

/**
 * Normalises a host name as the owner types it ("Shop.Example.com", "https://shop.example.com/")
 * to what a Host header carries ("shop.example.com"); refuses anything that is not a host name.
 */
export function normaliseHostName(input: string, index?: number): string {
  let host = input.trim().toLowerCase();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//.exec(host);
  if (scheme) host = host.slice(scheme[0].length);
  host = host.replace(/\/+$/, '').replace(/\.$/, '');
  const where = index === undefined ? 'Host name' : `Host name ${index + 1}`;
  const match = HOST_PATTERN.exec(host);
  if (!match || host.length > 260) throw invalid(`${where} "${input}" is not a host name (e.g. shop.example.com or shop.example.com:8443)`, { field: 'allowedHosts', index });
  if (match[1] !== undefined && (Number(match[1]) < 1 || Number(match[1]) > 65535)) throw invalid(`${where} "${input}" has a port outside 1–65535`, { field: 'allowedHosts', index });
  return host;
}

/** The owner's extra host names; a damaged setting reads as none rather than failing every request. */
export async function readAllowedHosts(store: Store): Promise<string[]> {
  const value = (await store.get(store.kysely.selectFrom('setting').select('value').where('key', '=', ALLOWED_HOSTS_SETTING)))?.value;
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((h): h is string => typeof h === 'string') : [];
  } catch {
    return [];
  }
}

export function stationAccess(core: Core) {
  return {
    async get(): Promise<StationAccessDto> {
      return { allowedHosts: await readAllowedHosts(core.store) };
    },
    /** Replaces the list (the panel and the CLI send the whole list); duplicates are dropped. */
    async update(allowedHosts: string[]): Promise<StationAccessDto> {
      const hosts = [...new Set(allowedHosts.map((h, i) => normaliseHostName(h, i)))];
      if (hosts.length > MAX_ALLOWED_HOSTS) throw invalid(`At most ${MAX_ALLOWED_HOSTS} host names`, { field: 'allowedHosts' });
      const { store } = core;
      await store.tx(async () => {
        await store.run(
          hosts.length === 0
            ? store.kysely.deleteFrom('setting').where('key', '=', ALLOWED_HOSTS_SETTING)
            : store.kysely
                .insertInto('setting')
                .values({ key: ALLOWED_HOSTS_SETTING, value: JSON.stringify(hosts) })
                .onConflict((oc) => oc.column('key').doUpdateSet({ value: (eb) => eb.ref('excluded.value') })),
        );
      });
      // The station server in this process refreshes its allow-list at once; another process's
      // within a few seconds (it re-reads the setting).
      core.events.publish('stationAccess.changed', { allowedHosts: hosts });
      return { allowedHosts: hosts };
    },
  };
}
