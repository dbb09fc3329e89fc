import { createReadStream } from 'node:fs';

/**
 * About how many data rows a CSV file or text holds: its lines less the header. A quoted cell with
 * line breaks (Shopify's HTML descriptions) makes it an over-estimate; the progress bar then ends
 * with a jump, and the final event sets the total to what was really done. Reading a file again
 * costs a fraction of parsing it (no tokenizing), and runs while the import reads it.
 */
export async function estimateCsvRows(input: string | { path: string }): Promise<number> {
  if (typeof input === 'string') return Math.max(0, countLines(input) - 1);
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(input.path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
    if (chunk.length) last = chunk[chunk.length - 1];
  }
  // A last line without a line break still counts.
  return Math.max(0, lines + (last === 10 ? 0 : 1) - 1);
}

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return text.length && !text.endsWith('\n') ? lines + 1 : lines;
}
