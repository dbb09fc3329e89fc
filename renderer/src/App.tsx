import { Suspense, useEffect, useState } from 'react';
import { onApiError } from './bridge';
import { PairingDialog } from './components/PairingDialog';
import { StatusBar } from './components/StatusBar';
import { ToastProvider } from './components/Toasts';
import { useHashRoute } from './hooks';
import { SCREENS } from './screens/index';

/** The shell: navigation, the current screen, status bar and toasts. Same in Electron and browser. */
export function App() {
  const [[screenId = 'orders', ...params], navigate] = useHashRoute();
  const [needsPairing, setNeedsPairing] = useState(false);
  const [generation, setGeneration] = useState(0);
  const screen = SCREENS.find((s) => s.id === screenId) ?? SCREENS[0];

  useEffect(() => onApiError((err) => err.code === 'UNAUTHORIZED' && setNeedsPairing(true)), []);
  useEffect(() => {
    // Keyboard navigation: Alt+1..8 opens each area; the focused nav item follows.
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && /^[1-9]$/.test(e.key)) {
        const target = SCREENS[Number(e.key) - 1];
        if (target) {
          e.preventDefault();
          navigate(target.id);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  const Screen = screen.component;
  return (
    <ToastProvider>
      <div className="shell">
        <nav className="nav" aria-label="Main">
          <div className="brand">Shipshape</div>
          {SCREENS.map((s, i) => (
            <a
              key={s.id}
              href={`#/${s.id}`}
              className={s.id === screen.id ? 'active' : ''}
              aria-current={s.id === screen.id ? 'page' : undefined}
              title={`Alt+${i + 1}`}
              data-testid={`nav-${s.id}`}
            >
              {s.label}
            </a>
          ))}
        </nav>
        <main className="content" key={`${screen.id}-${generation}`}>
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <Screen params={params} navigate={navigate} />
          </Suspense>
        </main>
        <StatusBar />
      </div>
      {needsPairing && (
        <PairingDialog
          onPaired={() => {
            setNeedsPairing(false);
            setGeneration((g) => g + 1);
          }}
        />
      )}
    </ToastProvider>
  );
}
