import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { seedDemo } from '../demo/index';
import { describeDbLocation, projectRoot } from '../paths';
import { startStationServer } from '../server/server';
import type { ShopCalendarUpdate } from '../../shared/api/system';
import { UsageError, type CliCommand } from './command';
import { startWorkersAfterFirstAnswer } from './serve-workers';

/** The built console; built on demand so `npx shipshape serve` works on a fresh checkout. */
export function ensureRendererBuilt(): string {
  const dir = path.join(projectRoot(), 'out', 'renderer');
  if (!existsSync(path.join(dir, 'index.html'))) {
    console.error('Building the console (first run)...');
    const r = spawnSync(process.execPath, [path.join(projectRoot(), 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
      cwd: projectRoot(),
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('Building the console failed; run `npm run build` to see why');
  }
  return dir;
}

export const systemCommands: CliCommand[] = [
  {
    name: 'calendar',
    usage: 'calendar [--time-zone ZONE] [--cutoff HH:MM|none] [--holidays COUNTRY[-REGION]|none] [--close DATE]... [--open DATE]... [--clear DATE]... [--json]',
    summary: "Show or change the shop calendar: time zone, order cut-off, public holidays and the shop's own closed days",
    options: {
      'time-zone': { type: 'string' },
      cutoff: { type: 'string' },
      holidays: { type: 'string' },
      close: { type: 'string', multiple: true },
      open: { type: 'string', multiple: true },
      clear: { type: 'string', multiple: true },
    },
    async run({ values }, ctx) {
      const app = await ctx.openApp();
      const current = (await app.invoke('calendar.get', {}, { transport: 'cli' })).settings;
      const change: ShopCalendarUpdate = {};
      if (values['time-zone'] !== undefined) change.timeZone = values['time-zone'] as string;
      if (values.cutoff !== undefined) change.orderCutoff = values.cutoff === 'none' ? null : (values.cutoff as string);
      if (values.holidays !== undefined) {
        const [country, region] = values.holidays === 'none' ? [null, null] : (values.holidays as string).split('-');
        change.holidayCountry = country;
        change.holidayRegion = region ?? null;
      }
      // --close marks a day closed, --open works a public holiday, --clear forgets either mark.
      const close = (values.close as string[] | undefined) ?? [];
      const open = (values.open as string[] | undefined) ?? [];
      const clear = new Set([...((values.clear as string[] | undefined) ?? []), ...close, ...open]);
      if (close.length || open.length || clear.size) {
        change.closedDays = [...current.closedDays.filter((d) => !clear.has(d)), ...close];
        change.openDays = [...current.openDays.filter((d) => !clear.has(d)), ...open];
      }
      const calendar = Object.keys(change).length ? await app.invoke('calendar.update', change, { transport: 'cli' }) : await app.invoke('calendar.get', {}, { transport: 'cli' });
      const s = calendar.settings;
      const human = [
        `Today at the shop: ${calendar.today} (${s.timeZone})`,
        `Order cut-off: ${s.orderCutoff ?? 'none'}`,
        `Public holidays: ${s.holidayCountry ? `${s.holidayCountry}${s.holidayRegion ? `-${s.holidayRegion}` : ''}` : 'none'}`,
        'Closed in the next year:',
        ...calendar.closedDays.map((d) => `  ${d.date}  ${d.name}${d.kind === 'worked' ? ' (worked)' : d.kind === 'closed' ? ' (closed by the shop)' : ''}`),
      ].join('\n');
      ctx.out(calendar, human);
    },
  },
  {
    name: 'serve',
    usage: 'serve [--port N] [--demo] [--lan] [--simulate-devices] [--simulate-channels]',
    summary: 'Run the station server and the browser console',
    options: { port: { type: 'string' }, demo: { type: 'boolean' }, lan: { type: 'boolean' }, 'simulate-devices': { type: 'boolean' }, 'simulate-channels': { type: 'boolean' }, seed: { type: 'string' } },
    async run({ values }, ctx) {
      const port = values.port === undefined ? 4870 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got "${values.port}"`);
      const rendererDir = ensureRendererBuilt();
      // Seeding and simulators want the workers running; a plain start defers them past the first page.
      const simulating = Boolean(values.demo || values['simulate-devices'] || values['simulate-channels']);
      const app = await ctx.openApp({ lanMode: Boolean(values.lan), workers: simulating ? true : 'deferred' });
      if (values['simulate-devices']) await (await import('../devices/simulated-devices')).startSimulatedDevices(app);
      if (values.demo) {
        const seeded = await seedDemo(app, { seed: Number(values.seed ?? 1) });
        if (seeded) console.error(`Seeded the demo shop into ${describeDbLocation(ctx.dbPath)}`);
      }
      const server = await startStationServer(app, { port, lan: Boolean(values.lan), rendererDir });
      const deferred = simulating ? null : startWorkersAfterFirstAnswer(app, server.server);
      // Simulated storefronts (demo and tests only): connected after the server is up, so their webhooks have a target.
      const simulated = values['simulate-channels'] ? await (await import('../demo/simulated-channels')).startSimulatedChannels(app, server.url) : null;
      // The simulated stores' own API credentials are printed (made up per start, loopback only) so a
      // test or a curious owner can query the store as any API client would; never done for a real store.
      for (const s of simulated?.stores ?? []) {
        const c = s.store.credentials;
        const own = c.token ? `token ${c.token}` : `key ${c.key} secret ${c.secret}`;
        console.error(`Simulated store for ${s.channel}: ${s.store.url} (SIMULATED, not a real shop; its API: ${own})`);
      }
      console.log(`Shipshape console: ${server.url}  (database: ${describeDbLocation(ctx.dbPath)})`);
      if (values.lan) console.log('LAN mode: every station needs a token. Create a pairing code with `shipshape pair --name NAME`.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      deferred?.cancel();
      await server.close();
      await simulated?.close();
    },
  },
  {
    name: 'station-access',
    usage: 'station-access [--allow HOST]... [--remove HOST]... [--json]',
    summary: 'Show or change the extra host names the station server answers to (e.g. a reverse proxy\'s)',
    options: { allow: { type: 'string', multiple: true }, remove: { type: 'string', multiple: true } },
    async run({ values }, ctx) {
      const app = await ctx.openApp();
      const allow = (values.allow as string[] | undefined) ?? [];
      const remove = new Set(((values.remove as string[] | undefined) ?? []).map((h) => h.trim().toLowerCase()));
      let access = await app.invoke('stationAccess.get', {}, { transport: 'cli' });
      if (allow.length || remove.size) {
        const kept = access.allowedHosts.filter((h) => !remove.has(h));
        access = await app.invoke('stationAccess.update', { allowedHosts: [...kept, ...allow] }, { transport: 'cli' });
      }
      const human = access.allowedHosts.length
        ? ['The station server also answers to:', ...access.allowedHosts.map((h) => `  ${h}`)].join('\n')
        : 'The station server answers only to its own addresses (no extra host names).';
      ctx.out(access, human);
    },
  },
  {
    name: 'demo',
    usage: 'demo [--seed N]',
    summary: 'Seed the demo shop (deterministic from the seed)',
    options: { seed: { type: 'string' } },
    async run({ values }, ctx) {
      const app = await ctx.openApp();
      const seed = Number(values.seed ?? 1);
      if (!Number.isInteger(seed)) throw new UsageError('--seed must be an integer');
      const seeded = await seedDemo(app, { seed });
      const info = await app.services.system.info();
      ctx.out({ seeded, counts: info.counts }, seeded ? `Demo shop seeded into ${describeDbLocation(ctx.dbPath)}` : `The database already holds the demo shop: ${describeDbLocation(ctx.dbPath)}`);
    },
  },
  {
    name: 'info',
    summary: 'Version, database path, schema version and counts',
    async run(_args, ctx) {
      const app = await ctx.openApp();
      const info = await app.invoke('system.info', {}, { transport: 'cli' });
      const human = [
        `Shipshape ${info.version}`,
        info.databaseEngine === 'postgres' ? `database: PostgreSQL ${info.databaseVersion} at ${info.databasePath}` : `database: ${info.databasePath} (SQLite ${info.databaseVersion})`,
        `schema:   ${info.schemaVersion} (${info.migrations} migrations)`,
        ...Object.entries(info.counts).map(([k, v]) => `  ${k}: ${v}`),
      ].join('\n');
      ctx.out(info, human);
    },
  },
  {
    name: 'check',
    summary: 'Verify database integrity and every domain invariant (exit 1 on failure)',
    async run(_args, ctx) {
      const app = await ctx.openApp();
      const report = await app.services.system.check();
      const human = report.ok
        ? `OK: ${report.checks.length} checks passed (${report.checks.join(', ')})`
        : ['FAILED:', ...report.problems.map((p) => `  [${p.check}] ${p.message}`)].join('\n');
      ctx.out(report, human);
      return report.ok ? 0 : 1;
    },
  },
  {
    name: 'pair',
    usage: 'pair --name NAME [--role owner|packer|picker] | pair --list | pair --revoke ID',
    summary: 'Create a one-time pairing code for a station, list or revoke station tokens',
    options: { name: { type: 'string' }, role: { type: 'string' }, list: { type: 'boolean' }, revoke: { type: 'string' } },
    async run({ values }, ctx) {
      const app = await ctx.openApp();
      if (values.list) {
        const tokens = await app.invoke('auth.listTokens', {}, { transport: 'cli' });
        ctx.out(tokens, tokens.map((t) => `${t.id}\t${t.name}\t${t.role}\t${t.revokedAt ? 'revoked' : 'active'}`).join('\n') || 'No station tokens');
      } else if (values.revoke !== undefined) {
        const result = await app.invoke('auth.revokeToken', { id: Number(values.revoke) }, { transport: 'cli' });
        ctx.out(result, result.revoked ? `Token ${values.revoke} revoked` : `Token ${values.revoke} was already revoked`);
      } else {
        if (typeof values.name !== 'string') throw new UsageError('pair needs --name NAME (or --list / --revoke ID)');
        const role = (values.role ?? 'packer') as 'owner' | 'packer' | 'picker';
        const code = await app.invoke('auth.createPairingCode', { name: values.name, role }, { transport: 'cli' });
        ctx.out(code, `Pairing code for ${values.name} (${role}): ${code.code}  (valid until ${code.expiresAt})`);
      }
    },
  },
];
