import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';

export interface ConfirmRequest {
  title: string;
  /** What will happen and why it cannot be undone, in plain words. */
  body: ReactNode;
  /** The confirming button's words: the action itself ("Close period"), never just "OK". */
  confirmLabel: string;
  cancelLabel?: string;
  /** Ask for a reason too (kept with the action, e.g. in the audit log); confirming needs one. */
  reason?: { label: string; initial?: string };
}

/**
 * A modal question before an irreversible action. A native <dialog> opened with showModal(): focus
 * stays inside it, Escape cancels, and the safe choice (Cancel) has the focus first, so a stray
 * Enter does not confirm.
 */
export function ConfirmDialog({ request, onAnswer }: { request: ConfirmRequest | null; onAnswer(confirmed: boolean, reason?: string): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const [reason, setReason] = useState('');
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) {
      setReason(request.reason?.initial ?? '');
      dialog.showModal();
      // With a reason to give, start there; otherwise on the safe answer.
      (request.reason ? reasonRef.current : cancelRef.current)?.focus();
    } else if (!request && dialog.open) dialog.close();
  }, [request]);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      data-testid="confirm-dialog"
      onCancel={(e) => {
        e.preventDefault(); // Escape: answer "no" through React state, not a silent close
        onAnswer(false);
      }}
    >
      {request && (
        <>
          <h2 id={`${id}-title`}>{request.title}</h2>
          <div id={`${id}-body`}>{request.body}</div>
          {request.reason && (
            <label className="field">
              {request.reason.label}
              <input ref={reasonRef} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
            </label>
          )}
          <div className="row dialog-buttons">
            <button ref={cancelRef} type="button" className="secondary" onClick={() => onAnswer(false)}>
              {request.cancelLabel ?? 'Cancel'}
            </button>
            <button type="button" className="danger" disabled={!!request.reason && !reason.trim()} onClick={() => onAnswer(true, request.reason ? reason.trim() : undefined)}>
              {request.confirmLabel}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}

/**
 * `const [confirm, dialog, askReason] = useConfirm()`; render `{dialog}` and `if (await confirm({...}))`
 * before the irreversible call; `await askReason({..., reason: { label }})` gives the reason, or null
 * when cancelled.
 */
export function useConfirm(): [(request: ConfirmRequest) => Promise<boolean>, ReactNode, (request: ConfirmRequest & { reason: NonNullable<ConfirmRequest['reason']> }) => Promise<string | null>] {
  const [pending, setPending] = useState<{ request: ConfirmRequest; resolve(ok: boolean, reason?: string): void } | null>(null);
  const confirm = useCallback((request: ConfirmRequest) => new Promise<boolean>((resolve) => setPending({ request, resolve })), []);
  const askReason = useCallback(
    (request: ConfirmRequest) => new Promise<string | null>((resolve) => setPending({ request, resolve: (ok, reason) => resolve(ok && reason ? reason : null) })),
    [],
  );
  const dialog = (
    <ConfirmDialog
      request={pending?.request ?? null}
      onAnswer={(ok, reason) => {
        pending?.resolve(ok, reason);
        setPending(null);
      }}
    />
  );
  return [confirm, dialog, askReason];
}
