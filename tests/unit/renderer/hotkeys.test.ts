import { describe, expect, it } from 'vitest';
import { allowedInInputs, findHotkey, isTypingTarget, matchesHotkey, parseHotkey, type KeyLike } from '../../../renderer/src/hooks/hotkey-spec';

/** A keydown as the browser reports it; only what the matcher reads. */
function key(k: string, mods: Partial<KeyLike> = {}): KeyLike {
  return { key: k, code: '', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...mods };
}

describe('hotkey specs', () => {
  it('matches named keys exactly, case-insensitively', () => {
    expect(matchesHotkey(parseHotkey('F9'), key('F9'))).toBe(true);
    expect(matchesHotkey(parseHotkey('Escape'), key('Escape'))).toBe(true);
    expect(matchesHotkey(parseHotkey('esc'), key('Escape'))).toBe(true);
    expect(matchesHotkey(parseHotkey('ArrowDown'), key('ArrowDown'))).toBe(true);
    expect(matchesHotkey(parseHotkey('ArrowDown'), key('ArrowUp'))).toBe(false);
  });

  it('needs the modifiers of the spec and no others', () => {
    expect(matchesHotkey(parseHotkey('shift+Enter'), key('Enter', { shiftKey: true }))).toBe(true);
    expect(matchesHotkey(parseHotkey('shift+Enter'), key('Enter'))).toBe(false);
    // A plain Enter binding does not fire on Shift+Enter or Ctrl+Enter.
    expect(matchesHotkey(parseHotkey('Enter'), key('Enter', { shiftKey: true }))).toBe(false);
    expect(matchesHotkey(parseHotkey('Enter'), key('Enter', { ctrlKey: true }))).toBe(false);
    expect(matchesHotkey(parseHotkey('alt+1'), key('1', { altKey: true }))).toBe(true);
    expect(matchesHotkey(parseHotkey('alt+1'), key('1', { altKey: true, ctrlKey: true }))).toBe(false);
    expect(matchesHotkey(parseHotkey('alt+1'), key('1'))).toBe(false);
  });

  it('mod is Ctrl on Linux and Windows and ⌘ on macOS', () => {
    expect(matchesHotkey(parseHotkey('mod+k'), key('k', { ctrlKey: true }))).toBe(true);
    expect(matchesHotkey(parseHotkey('mod+k'), key('k', { metaKey: true }))).toBe(false);
    expect(matchesHotkey(parseHotkey('mod+k', true), key('k', { metaKey: true }))).toBe(true);
    expect(matchesHotkey(parseHotkey('mod+k', true), key('k', { ctrlKey: true }))).toBe(false);
  });

  it('letters match either case; Shift is not required of printable keys unless named', () => {
    expect(matchesHotkey(parseHotkey('alt+h'), key('H', { altKey: true }))).toBe(true);
    expect(matchesHotkey(parseHotkey('?'), key('?', { shiftKey: true }))).toBe(true);
    expect(matchesHotkey(parseHotkey('shift+a'), key('a'))).toBe(false);
  });

  it('Alt with a letter or digit matches the physical key (macOS types ¡ for Alt+1)', () => {
    expect(matchesHotkey(parseHotkey('alt+1'), key('¡', { altKey: true, code: 'Digit1' }))).toBe(true);
    expect(matchesHotkey(parseHotkey('alt+h'), key('˙', { altKey: true, code: 'KeyH' }))).toBe(true);
    expect(matchesHotkey(parseHotkey('alt+h'), key('˙', { altKey: true, code: 'KeyJ' }))).toBe(false);
  });

  it('Space is the key " " (by name or as itself)', () => {
    expect(matchesHotkey(parseHotkey('Space'), key(' '))).toBe(true);
    expect(matchesHotkey(parseHotkey(' '), key(' '))).toBe(true);
    expect(matchesHotkey(parseHotkey('Space'), key('Enter'))).toBe(false);
  });

  it('"+" can itself be the key', () => {
    expect(matchesHotkey(parseHotkey('mod++'), key('+', { ctrlKey: true }))).toBe(true);
    expect(matchesHotkey(parseHotkey('plus'), key('+'))).toBe(true);
  });

  it('refuses a spec with an unknown modifier or no key, naming it', () => {
    expect(() => parseHotkey('hyper+k')).toThrow(/hyper/);
    expect(() => parseHotkey('')).toThrow(/no key/);
  });

  it('finds the first matching spec of a list', () => {
    expect(findHotkey(['F9', 'ctrl+Enter', 'Enter'], key('Enter', { ctrlKey: true }))).toBe('ctrl+Enter');
    expect(findHotkey(['F9', 'ctrl+Enter'], key('Enter'))).toBeUndefined();
  });
});

describe('typing in form fields', () => {
  it('counts inputs, textareas, selects and contenteditable as typing', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT']) expect(isTypingTarget({ tagName } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'TR', isContentEditable: false } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('lets through only the allowed specs', () => {
    expect(allowedInInputs('Escape', undefined)).toBe(false);
    expect(allowedInInputs('Escape', ['Escape'])).toBe(true);
    expect(allowedInInputs('ArrowDown', ['Escape'])).toBe(false);
    expect(allowedInInputs('ArrowDown', true)).toBe(true);
  });
});
