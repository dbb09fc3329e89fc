import { useCallback, useId, useMemo, useState } from 'react';
import type { MethodInput, MethodName, MethodOutput } from '../../../../shared/api';
import { fieldErrorsOf, type FieldErrors, type FieldLabels } from '../../../../shared/validation-messages';
import { ApiError, call } from '../../bridge';

export interface ApiForm {
  /** Field (as the form names it) → the plain message shown next to it. */
  errors: FieldErrors;
  /** Calls the API; a refusal naming one of this form's fields is shown next to it instead of as a toast. */
  submit<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M> | undefined>;
  /** Forgets a field's error (call when the person edits it). */
  clear(field?: string): void;
  /** aria-invalid and aria-describedby for a field's input, tying it to its <FieldError>. */
  fieldProps(field: string): { 'aria-invalid'?: true; 'aria-describedby'?: string };
  errorId(field: string): string;
}

/** The form's own name for an API path: exact ("delta"), else its last part ("lines.0.quantity" → "quantity"). */
function formField(path: string, labels: FieldLabels): string | undefined {
  if (path in labels) return path;
  const last = path.split('.').pop() ?? '';
  return last in labels ? last : undefined;
}

/**
 * A form whose API errors appear next to their fields in plain words. `labels` names the fields the
 * form shows, as its labels read ("Change", or `{ label: 'Quantity', whole: true }`); an error about
 * any other field, or about none, still goes to the shell's toast.
 */
export function useApiForm(labels: FieldLabels): ApiForm {
  const [errors, setErrors] = useState<FieldErrors>({});
  const id = useId();
  const errorId = useCallback((field: string) => `${id}-${field}-error`, [id]);

  const inlineErrors = useCallback(
    (err: ApiError): FieldErrors => {
      const out: FieldErrors = {};
      for (const [path, message] of Object.entries(fieldErrorsOf(err, labels))) {
        const field = formField(path, labels);
        if (field) out[field] ??= message;
      }
      return out;
    },
    [labels],
  );

  const submit = useCallback(
    async <M extends MethodName>(method: M, input: MethodInput<M>) => {
      try {
        const out = await call(method, input, { shownInline: (err) => Object.keys(inlineErrors(err)).length > 0 });
        setErrors({});
        return out;
      } catch (err) {
        setErrors(err instanceof ApiError ? inlineErrors(err) : {});
        return undefined;
      }
    },
    [inlineErrors],
  );

  const clear = useCallback((field?: string) => setErrors((e) => (field === undefined ? {} : field in e ? Object.fromEntries(Object.entries(e).filter(([k]) => k !== field)) : e)), []);

  return useMemo(
    () => ({
      errors,
      submit,
      clear,
      errorId,
      fieldProps: (field: string) => (errors[field] ? { 'aria-invalid': true as const, 'aria-describedby': errorId(field) } : {}),
    }),
    [errors, submit, clear, errorId],
  );
}
