import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { plainErrorMessage } from '../../../shared/validation-messages';
import { onApiError } from '../bridge';

interface Toast {
  id: number;
  kind: 'error' | 'success' | 'info';
  text: string;
}
type Notify = (kind: Toast['kind'], text: string) => void;
const ToastContext = createContext<Notify>(() => {});

/** Toasts for errors (every failed API call shows its message) and confirmations. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const notify = useCallback<Notify>((kind, text) => {
    const id = Date.now() + Math.random();
    // The same message again (a live list failing on every reload, a repeated click) replaces the
    // one shown instead of stacking copies of it.
    setToasts((t) => [...t.filter((x) => x.kind !== kind || x.text !== text).slice(-4), { id, kind, text }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), kind === 'error' ? 8000 : 4000);
  }, []);
  // A refused input reads as a plain sentence about its field, as next to a form's fields.
  useEffect(() => onApiError((err) => notify('error', plainErrorMessage(err))), [notify]);
  return (
    <ToastContext.Provider value={notify}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`} data-testid={`toast-${t.kind}`} onClick={() => setToasts((all) => all.filter((x) => x.id !== t.id))}>
            {t.text}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
