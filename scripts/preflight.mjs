#!/usr/bin/env node
// The first step of `npm test`: checks that the OS tools the tests use are installed (Chromium,
// socat, PostgreSQL, CUPS with CUPS-PDF, poppler, zbarimg). Missing ones are installed when this
// runs as root with apt-get (as .ci/run does); otherwise it stops at once, printing the exact
// command to run, instead of the test run failing half-way through.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { planPreflight } from './preflight-plan.mjs';

if (process.env.SHIPSHAPE_SKIP_PREFLIGHT === '1') process.exit(0);

/** PATH plus where Debian puts what these packages bring but a user's PATH often lacks. */
function searchDirs() {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  dirs.push('/usr/sbin', '/sbin', '/usr/lib/cups/backend');
  try {
    // PostgreSQL's initdb/pg_ctl live in /usr/lib/postgresql/<version>/bin (tests/helpers/postgres.ts looks there).
    for (const v of readdirSync('/usr/lib/postgresql')) dirs.push(path.join('/usr/lib/postgresql', v, 'bin'));
  } catch {
    // no PostgreSQL installed from packages
  }
  return dirs;
}

function facts() {
  const dirs = searchDirs();
  return {
    has: (binary) => dirs.some((d) => existsSync(path.join(d, binary))),
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    hasAptGet: searchDirs().some((d) => existsSync(path.join(d, 'apt-get'))),
  };
}

let plan = planPreflight(facts());
if (plan.action === 'install') {
  console.error(plan.message);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const ok = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env }).status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', ...plan.packages], { stdio: 'inherit', env }).status === 0;
  plan = planPreflight({ ...facts(), isRoot: false });
  if (!ok || plan.action !== 'ok') {
    console.error(`preflight: apt-get could not install everything.\n${plan.message}`);
    process.exit(1);
  }
}
if (plan.action === 'stop') {
  console.error(plan.message);
  process.exit(1);
}
