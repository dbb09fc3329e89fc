import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const fixturePath = (name: string) => fileURLToPath(new URL(`../../fixtures/intake/${name}`, import.meta.url));
export const readFixture = (name: string) => readFileSync(fixturePath(name));

/** Drains an async iterator into an array (test helper). */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
