/**
 * Array helpers for async callbacks that must run one after another, as the synchronous loops they
 * replace did: inside a transaction the steps read what the previous step wrote (a stock level, a
 * line number), so `Promise.all(items.map(…))` would interleave them.
 */
export async function mapInOrder<T, R>(items: Iterable<T>, fn: (item: T, index: number) => Promise<R> | R): Promise<R[]> {
  const out: R[] = [];
  let i = 0;
  for (const item of items) out.push(await fn(item, i++));
  return out;
}

export async function eachInOrder<T>(items: Iterable<T>, fn: (item: T, index: number) => Promise<unknown> | unknown): Promise<void> {
  let i = 0;
  for (const item of items) await fn(item, i++);
}

export async function filterInOrder<T>(items: Iterable<T>, fn: (item: T, index: number) => Promise<boolean> | boolean): Promise<T[]> {
  const out: T[] = [];
  let i = 0;
  for (const item of items) if (await fn(item, i++)) out.push(item);
  return out;
}
