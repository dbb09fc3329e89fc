import fc from 'fast-check';

/**
 * Structure-aware fuzzing: a known-good document (a real webhook body) with a few of its values
 * replaced, retyped or removed, so the parser gets past its first check and into the field rules,
 * where random bytes alone rarely get.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values a store, a plugin or a spreadsheet has been seen to put where something else belonged. */
export const awkwardValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue() as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(null, '', ' ', '0', '-1', '1e308', 'NaN', '9007199254740993', '19.999', '-0.01', 'abc', [], {}, true, 0, -1, 1.5, 1e21, -1e21, 2 ** 53 + 2),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 3 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

type Mutation = { at: number; kind: 'replace' | 'delete' | 'stringify' | 'wrap'; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom<Mutation['kind']>('replace', 'replace', 'delete', 'stringify', 'wrap'),
  value: awkwardValue,
});

export function mutatedJson(base: unknown, maxMutations = 3): fc.Arbitrary<Json> {
  return fc.array(mutation, { minLength: 1, maxLength: maxMutations }).map((mutations) => {
    const doc = structuredClone(base) as Json;
    for (const m of mutations) applyMutation(doc, m);
    return doc;
  });
}

function applyMutation(doc: Json, m: Mutation): void {
  const slots: { parent: Json[] | { [key: string]: Json }; key: string | number }[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) node.forEach((child, i) => (slots.push({ parent: node, key: i }), walk(child)));
    else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        slots.push({ parent: node, key });
        walk(child);
      }
    }
  };
  walk(doc);
  if (slots.length === 0) return;
  const { parent, key } = slots[m.at % slots.length];
  const current = (parent as Record<string | number, Json>)[key];
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (m.kind === 'stringify') (parent as Record<string | number, Json>)[key] = typeof current === 'string' ? Number(current) : JSON.stringify(current) ?? null;
  else if (m.kind === 'wrap') (parent as Record<string | number, Json>)[key] = [current];
  else (parent as Record<string | number, Json>)[key] = m.value;
}

/** Text a cell of a spreadsheet export may hold, awkward characters included. */
export const cellText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('', 'x', '0', '1', '-3', '2.5', '19.99', '1e3', 'true', 'no', 'USD', 'usd', 'US', 'DE', '6109.10', '036000291452', '4006381333932', 'A:2|B:1', 'SKU-1', 'sku-1', ' SKU-1 ', 'Red', '2026-11-02T10:00:00Z', '2025-07-16 10:03:12 -0400') },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('"', ',', '\n', '\r', ' ', 'a', '|', ':', '\u00e9', '\ufeff'), maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);

/** One CSV cell as written: quoted properly, raw (stray quotes and commas stay), or quoted and broken. */
const writtenCell: fc.Arbitrary<string> = fc.tuple(cellText, fc.nat(39)).map(([text, how]) =>
  how < 20 ? `"${text.replace(/"/g, '""')}"` : how < 39 ? text : `"${text}`,
);

/**
 * A CSV file: a header of the format's columns (shuffled, some left out, unknown ones added) and
 * rows of awkward cells, joined by a random line ending; sometimes with a BOM.
 */
export function csvFile(columns: readonly string[], options: { maxRows?: number; required?: readonly string[] } = {}): fc.Arbitrary<string> {
  const required = options.required ?? [];
  const optional = [...columns.filter((c) => !required.includes(c)), 'notes', 'Extra Column'];
  // Mostly with the required columns (else every file stops at its header), in a random order.
  const header = fc
    .tuple(fc.nat(4), fc.shuffledSubarray(optional, { minLength: 1 }))
    .chain(([keep, rest]) => fc.shuffledSubarray(keep > 0 ? [...required, ...rest] : rest, { minLength: keep > 0 ? required.length + rest.length : 1 }));
  return fc
    .record({
      header,
      rows: fc.array(fc.array(writtenCell, { maxLength: columns.length + 2 }), { maxLength: options.maxRows ?? 8 }),
      keyCells: fc.array(fc.constantFrom('A-1', 'A-2', 'B-1', 'a-1', ''), { maxLength: 8 }),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
      bom: fc.boolean(),
      trailingEol: fc.boolean(),
    })
    .map(({ header, rows, keyCells, eol, bom, trailingEol }) => {
      // The first column often repeats a few keys, so grouping and duplicate rules get exercised.
      const lines = rows.map((cells, i) => (keyCells[i] !== undefined && cells.length ? [keyCells[i], ...cells.slice(1)] : cells).join(','));
      return `${bom ? '\ufeff' : ''}${[header.join(','), ...lines].join(eol)}${trailingEol ? eol : ''}`;
    });
}

/** A real file with a few characters inserted, deleted or replaced at random places. */
export function damagedText(base: string): fc.Arbitrary<string> {
  const edit = fc.record({ at: fc.nat(), remove: fc.nat(3), insert: fc.constantFrom('', '"', ',', '\n', '\r', '""', 'x', '\u00e9', '\ufeff', '-', '.') });
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let text = base;
    for (const e of edits) {
      const at = e.at % (text.length + 1);
      text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
    }
    return text;
  });
}
