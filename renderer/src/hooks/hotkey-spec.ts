/**
 * Key specs for useHotkeys, kept free of React and the DOM so the matching rules are unit-tested
 * in Node. A spec is modifiers and one key joined by '+': 'F9', 'Escape', 'ArrowDown', 'alt+1',
 * 'mod+k', 'shift+Enter', 'ctrl+Enter'. 'mod' is ⌘ on macOS and Ctrl elsewhere.
 */

/** The part of a KeyboardEvent the matcher reads (a real event satisfies it). */
export interface KeyLike {
  key: string;
  code?: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

export interface ParsedHotkey {
  key: string;
  alt: boolean;
  ctrl: boolean;
  meta: boolean;
  /** undefined: Shift is not checked for printable keys ('?' needs Shift on most layouts). */
  shift: boolean | undefined;
}

const ALIASES: Record<string, string> = {
  esc: 'escape',
  return: 'enter',
  space: ' ',
  spacebar: ' ',
  up: 'arrowup',
  down: 'arrowdown',
  left: 'arrowleft',
  right: 'arrowright',
  del: 'delete',
  plus: '+',
};

/** Parses one spec; throws on an unknown modifier or an empty key so a typo fails at once. */
export function parseHotkey(spec: string, isMac = false): ParsedHotkey {
  // 'mod++' / 'shift++': a trailing '+' after a '+' separator is the key itself.
  const parts = spec.endsWith('++') ? [...spec.slice(0, -2).split('+'), '+'] : spec.split('+');
  const last = parts.pop() ?? '';
  const rawKey = last === ' ' ? last : last.trim();
  if (!rawKey) throw new Error(`Hotkey "${spec}" has no key`);
  const parsed: ParsedHotkey = { key: normaliseKey(rawKey), alt: false, ctrl: false, meta: false, shift: undefined };
  for (const raw of parts) {
    const mod = raw.trim().toLowerCase();
    if (mod === 'alt' || mod === 'option') parsed.alt = true;
    else if (mod === 'ctrl' || mod === 'control') parsed.ctrl = true;
    else if (mod === 'meta' || mod === 'cmd') parsed.meta = true;
    else if (mod === 'shift') parsed.shift = true;
    else if (mod === 'mod') {
      if (isMac) parsed.meta = true;
      else parsed.ctrl = true;
    } else throw new Error(`Hotkey "${spec}": unknown modifier "${raw}"`);
  }
  // Named keys (Enter, ArrowDown, F9) compare Shift exactly; single characters do not unless asked.
  if (parsed.shift === undefined && parsed.key.length > 1) parsed.shift = false;
  return parsed;
}

function normaliseKey(key: string): string {
  const lower = key.toLowerCase();
  return ALIASES[lower] ?? lower;
}

/**
 * The key an event stands for. With Alt held, macOS turns letters and digits into other
 * characters (Alt+1 → '¡'), so for letters and digits the physical key (event.code) is used.
 */
function eventKeys(e: KeyLike): string[] {
  const keys = [normaliseKey(e.key)];
  const code = e.code ?? '';
  const m = /^(?:Key([A-Z])|Digit([0-9]))$/.exec(code);
  if (m && e.altKey) keys.push((m[1] ?? m[2]).toLowerCase());
  return keys;
}

export function matchesHotkey(hotkey: ParsedHotkey, e: KeyLike): boolean {
  if (hotkey.alt !== e.altKey || hotkey.ctrl !== e.ctrlKey || hotkey.meta !== e.metaKey) return false;
  if (hotkey.shift !== undefined && hotkey.shift !== e.shiftKey) return false;
  return eventKeys(e).includes(hotkey.key);
}

/** The first spec of `specs` the event matches, or undefined. */
export function findHotkey(specs: readonly string[], e: KeyLike, isMac = false): string | undefined {
  return specs.find((spec) => matchesHotkey(parseHotkey(spec, isMac), e));
}

/** True when the keystroke is typing into a form field, where single-key shortcuts must not fire. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean } | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName.toUpperCase()) || el.isContentEditable === true;
}

/** Whether a binding fires when the event comes from a form field. */
export function allowedInInputs(spec: string, allow: readonly string[] | boolean | undefined): boolean {
  if (allow === true) return true;
  if (!allow) return false;
  return allow.includes(spec);
}
