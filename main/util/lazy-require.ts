import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/**
 * A library loaded on first use, not at startup: heavy ones (device drivers, the holiday rules of
 * every country) would add to every process start, and most commands never touch them. The
 * library must stay external to the bundles (bin/shipshape.mjs, electron.vite.config.ts).
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load(id) as T);
}
