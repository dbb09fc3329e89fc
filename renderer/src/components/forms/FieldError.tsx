import type { ApiForm } from './useApiForm';

/** A field's error in plain words, right under its input; the input points at it with aria-describedby. */
export function FieldError({ form, field }: { form: Pick<ApiForm, 'errors' | 'errorId'>; field: string }) {
  const message = form.errors[field];
  if (!message) return null;
  return (
    <span className="field-error" id={form.errorId(field)} role="alert" data-testid={`field-error-${field}`}>
      {message}
    </span>
  );
}
