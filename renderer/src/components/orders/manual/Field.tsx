import type { ReactNode } from 'react';

/** A labelled field with its validation message underneath. */
export function Field({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <label className={`field${error ? ' invalid' : ''}`}>
      <span>{label}</span>
      {children}
      {error && (
        <span className="error field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
