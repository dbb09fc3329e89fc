import { useEffect, useRef, type RefObject } from 'react';
import { allowedInInputs, isTypingTarget, matchesHotkey, parseHotkey, type ParsedHotkey } from './hotkey-spec';

/** Return false to decline the key (it is then not prevented, e.g. an action that is not allowed now). */
export type HotkeyHandler = (e: KeyboardEvent) => void | boolean;

export interface HotkeyOptions {
  /** false: no binding fires (e.g. while a dialog is open). Default true. */
  enabled?: boolean;
  /**
   * Keys typed in an input, textarea, select or contenteditable are ignored, so shortcuts do not
   * eat typing. true lets every binding through; a list lets those specs through (e.g. ['Escape']).
   */
  allowInInputs?: readonly string[] | boolean;
  /** Which keys count: any in the window (default), or those typed in one element or its children. */
  target?: 'window' | RefObject<HTMLElement | null>;
}

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/**
 * The one keyboard-shortcut hook. `bindings` maps key specs ('F9', 'Escape', 'ArrowDown',
 * 'alt+1', 'mod+k', 'shift+Enter'; see hotkey-spec.ts) to handlers. A handled key's default is
 * prevented. Handlers are read from a ref at key time, so they always see the latest render's
 * state without re-subscribing on every render.
 */
export function useHotkeys(bindings: Record<string, HotkeyHandler>, options: HotkeyOptions = {}): void {
  const { enabled = true, allowInInputs, target = 'window' } = options;
  const latest = useRef({ bindings, allowInInputs });
  latest.current = { bindings, allowInInputs };
  // Re-parse only when the set of specs changes, not when a handler's closure does.
  const specKey = Object.keys(bindings).join('\u0000');

  useEffect(() => {
    if (!enabled) return;
    const parsed: [string, ParsedHotkey][] = specKey ? specKey.split('\u0000').map((spec) => [spec, parseHotkey(spec, IS_MAC)]) : [];
    const onKey = (e: Event) => {
      const ke = e as KeyboardEvent;
      if (ke.defaultPrevented || ke.isComposing) return;
      const hit = parsed.find(([, hotkey]) => matchesHotkey(hotkey, ke));
      if (!hit) return;
      const [spec] = hit;
      const { bindings: current, allowInInputs: allow } = latest.current;
      if (isTypingTarget(ke.target) && !allowedInInputs(spec, allow)) return;
      const handler = current[spec];
      if (!handler) return;
      if (handler(ke) !== false) ke.preventDefault();
    };
    // An element target is checked at key time (it may mount after this effect, or be replaced).
    const listener = target === 'window' ? onKey : (e: Event) => target.current?.contains(e.target as Node) && onKey(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [enabled, specKey, target]);
}
