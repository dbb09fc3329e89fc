/**
 * Why a customer sends something back: a code from a fixed list (what the returns report groups
 * by) and a free-text note beside it. Free text alone split one reason into many ("Too small",
 * "too small 😕", "Too small!"); the code keeps them together and the note keeps the detail.
 */
export const RETURN_REASONS = [
  { code: 'too_small', label: 'Too small' },
  { code: 'too_large', label: 'Too large' },
  { code: 'damaged', label: 'Damaged' },
  { code: 'defective', label: 'Defective' },
  { code: 'not_as_described', label: 'Not as described' },
  { code: 'changed_mind', label: 'Changed mind' },
  { code: 'other', label: 'Other' },
] as const;

export type ReturnReasonCode = (typeof RETURN_REASONS)[number]['code'];
export const RETURN_REASON_CODES = RETURN_REASONS.map((r) => r.code) as [ReturnReasonCode, ...ReturnReasonCode[]];

export function returnReasonLabel(code: ReturnReasonCode): string {
  return RETURN_REASONS.find((r) => r.code === code)?.label ?? 'Other';
}

/** Words people type for a listed reason that are not its label. */
const SYNONYMS: Record<string, ReturnReasonCode> = {
  'too big': 'too_large',
  'too tight': 'too_small',
  broken: 'damaged',
  'arrived damaged': 'damaged',
  'does not work': 'defective',
  faulty: 'defective',
  'no longer needed': 'changed_mind',
  'changed my mind': 'changed_mind',
};

/** Lower case, letters and digits only, single spaces: "Too small 😕!" → "too small". */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The listed reason a free text names, ignoring case, punctuation and emoji; null when none. */
export function returnReasonCodeOf(text: string): ReturnReasonCode | null {
  const n = normalise(text);
  if (!n) return null;
  const listed = RETURN_REASONS.find((r) => normalise(r.label) === n || r.code.replace(/_/g, ' ') === n);
  return listed ? listed.code : (SYNONYMS[n] ?? null);
}

/**
 * Code and note for a reason given as free text (old rows, API callers without a code): a text
 * naming a listed reason becomes that code with no note; anything else is Other with the text as note.
 */
export function classifyReturnReason(text: string): { code: ReturnReasonCode; note: string | null } {
  const code = returnReasonCodeOf(text);
  return code ? { code, note: null } : { code: 'other', note: text.trim() || null };
}

/** One line for people: "Too small", "Too small: sleeves short", "Other: wrong colour". */
export function returnReasonText(code: ReturnReasonCode, note: string | null | undefined): string {
  const label = returnReasonLabel(code);
  return note?.trim() ? `${label}: ${note.trim()}` : label;
}
