import { FNC1, type Gs1Token } from './gs1';

/**
 * Code 128 field data for ZPL `^BC…,N` with explicit subset control (ZPL II invocation codes:
 * `>;` start C, `>:` start B, `>5` code C, `>6` code B, `>8` FNC1, `>0` a literal ">", `>=` a "~").
 * Beware `><`: it is symbol value 62, which subset B prints as "^", not ">" (ZPL II manual, ^BC
 * invocation characters); an order number "A>1" written `A><1` scans as "A^1".
 * We pick subsets ourselves instead of using mode D/A because firmware differs in how those
 * modes treat FNC1 and check digits, and an explicit stream decodes the same on every printer.
 */
export interface ZplCode128Encoding {
  fieldData: string;
  /** True when the data holds ^ or ~ and the field needs ^FH (hex escapes with `_`). */
  needsFieldHex: boolean;
  /** Symbol characters excluding the stop pattern, for working out the printed width. */
  symbolCharacterCount: number;
}

type Subset = 'B' | 'C' | null;

function leadingDigitRun(text: string, from: number): number {
  let end = from;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (code < 48 || code > 57) break;
    end++;
  }
  return end - from;
}

function subsetBCharacter(char: string): { text: string; needsFieldHex: boolean } {
  const code = char.charCodeAt(0);
  if (code < 32 || code > 126) {
    throw new Error(`Code 128 cannot encode character U+${code.toString(16).padStart(4, '0')} ("${char}")`);
  }
  if (char === '>') return { text: '>0', needsFieldHex: false };
  if (char === '~') return { text: '>=', needsFieldHex: false };
  if (char === '^') return { text: '_5E', needsFieldHex: true };
  return { text: char, needsFieldHex: false };
}

export function encodeZplCode128(tokens: Gs1Token[]): ZplCode128Encoding {
  let subset: Subset = null;
  const parts: string[] = [];
  let symbolCharacterCount = 1; // the check character
  let needsFieldHex = false;
  const underscoreParts: number[] = [];

  const enter = (next: 'B' | 'C') => {
    if (subset === next) return;
    parts.push(subset === null ? (next === 'C' ? '>;' : '>:') : next === 'C' ? '>5' : '>6');
    symbolCharacterCount++;
    subset = next;
  };

  const startSubsetFor = (text: string | undefined): 'B' | 'C' => {
    if (text === undefined) return 'C';
    const run = leadingDigitRun(text, 0);
    return run >= 4 || (run >= 2 && run === text.length && run % 2 === 0) ? 'C' : 'B';
  };

  tokens.forEach((token, index) => {
    if (token === FNC1) {
      if (subset === null) {
        const next = tokens[index + 1];
        enter(startSubsetFor(typeof next === 'string' ? next : undefined));
      }
      parts.push('>8');
      symbolCharacterCount++;
      return;
    }
    let i = 0;
    while (i < token.length) {
      const run = leadingDigitRun(token, i);
      const wholeTokenIsEvenDigits = i === 0 && run === token.length && run % 2 === 0 && run >= 2;
      if (subset === 'C' && run >= 2) {
        const pairs = Math.floor(run / 2) * 2;
        parts.push(token.slice(i, i + pairs));
        symbolCharacterCount += pairs / 2;
        i += pairs;
        continue;
      }
      if (run >= 4 || (subset === null && wholeTokenIsEvenDigits)) {
        if (run % 2 === 1) {
          enter('B');
          parts.push(token[i]);
          symbolCharacterCount++;
          i++;
        }
        enter('C');
        const pairs = Math.floor((run - (run % 2 === 1 ? 1 : 0)) / 2) * 2;
        parts.push(token.slice(i, i + pairs));
        symbolCharacterCount += pairs / 2;
        i += pairs;
        continue;
      }
      enter('B');
      const encoded = subsetBCharacter(token[i]);
      if (encoded.needsFieldHex) needsFieldHex = true;
      if (token[i] === '_') underscoreParts.push(parts.length);
      parts.push(encoded.text);
      symbolCharacterCount++;
      i++;
    }
  });

  // An underscore only needs escaping once ^FH is switched on by some other character.
  if (needsFieldHex) for (const at of underscoreParts) parts[at] = '_5F';
  return { fieldData: parts.join(''), needsFieldHex, symbolCharacterCount };
}

/** Printed width of a Code 128 symbol in modules: 11 per symbol character plus the 13-module stop. */
export function code128WidthModules(symbolCharacterCount: number): number {
  return symbolCharacterCount * 11 + 13;
}
