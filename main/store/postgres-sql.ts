/**
 * The services' raw SQL is written with SQLite's positional `?` placeholders; PostgreSQL numbers
 * them (`$1, $2…`). This rewrites one statement's text, leaving alone every `?` that is not a
 * placeholder: inside 'string literals' (with '' escapes), "quoted identifiers", line and block
 * comments, and $tag$ dollar-quoted bodies (trigger functions in raw DDL). SQLite's numbered `?NNN`
 * becomes `$NNN`.
 */
export interface PostgresStatement {
  /** The statement with `$n` placeholders. */
  text: string;
  /** How many parameters it takes (the highest placeholder number). */
  parameters: number;
  /** More than one statement (`a; b`): only the simple protocol runs those, without parameters or a name. */
  multiStatement: boolean;
  /** Has a RETURNING clause outside literals (insert() then returns what it names, not ` returning id`). */
  returning: boolean;
}

const DOLLAR_TAG = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

export function toPostgresPlaceholders(sql: string): PostgresStatement {
  let text = '';
  /** The statement without its literals and comments, to look for keywords in. */
  let code = '';
  let highest = 0;
  let multiStatement = false;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    let end = -1;
    if (ch === "'" || ch === '"') end = closingQuote(sql, i, ch);
    else if (ch === '-' && sql[i + 1] === '-') end = untilOrEnd(sql, '\n', i + 2);
    else if (ch === '/' && sql[i + 1] === '*') end = untilOrEnd(sql, '*/', i + 2, 2);
    else if (ch === '$') {
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 64))?.[0];
      if (tag) end = untilOrEnd(sql, tag, i + tag.length, tag.length);
    }
    if (end >= 0) {
      text += sql.slice(i, end);
      code += ' ';
      i = end;
      continue;
    }
    if (ch === '?') {
      const digits = /^\d+/.exec(sql.slice(i + 1, i + 8))?.[0];
      // As in SQLite, a bare ? takes the number after the highest assigned so far.
      const n = digits ? Number(digits) : highest + 1;
      highest = Math.max(highest, n);
      text += `$${n}`;
      code += ' ';
      i += 1 + (digits?.length ?? 0);
      continue;
    }
    if (ch === ';' && sql.slice(i + 1).trim() !== '') multiStatement = true;
    text += ch;
    code += ch;
    i++;
  }
  return { text, parameters: highest, multiStatement, returning: /\breturning\b/i.test(code) };
}

/** The index just past the closing quote; a doubled quote ('it''s') is an escaped one. */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  for (;;) {
    const at = sql.indexOf(quote, i);
    if (at < 0) return sql.length; // unterminated: PostgreSQL will say so
    if (sql[at + 1] !== quote) return at + 1;
    i = at + 2;
  }
}

function untilOrEnd(sql: string, terminator: string, from: number, include = 0): number {
  const at = sql.indexOf(terminator, from);
  return at < 0 ? sql.length : at + include;
}
