import { Suspense, useEffect, useState } from 'react';
import { onApiError } from './bridge';
import { PairingDialog } from './components/PairingDialog';
import { ShopFormatProvider } from './components/ShopFormat';
import { StatusBar } from './components/StatusBar';
import { ToastProvider } from './components/Toasts';
import { useHashRoute } from './hooks';
import { useHotkeys } from './hooks/useHotkeys';
import { SCREENS } from './screens/index';

/** The shell: navigation, the current screen, status bar and toasts. Same in Electron and browser. */
export function App() {
  const [[screenId = 'orders', ...params], navigate] = useHashRoute();
  const [needsPairing, setNeedsPairing] = useState(false);
  const [generation, setGeneration] = useState(0);
  const screen = SCREENS.find((s) => s.id === screenId) ?? SCREENS[0];

  useEffect(() => onApiError((err) => err.code === 'UNAUTHORIZED' && setNeedsPairing(true)), []);
  // Keyboard navigation: Alt+1..9 opens each area (from any field too); the focused nav item follows.
  useHotkeys(Object.fromEntries(SCREENS.slice(0, 9).map((s, i) => [`alt+${i + 1}`, () => navigate(s.id)])), { allowInInputs: true });

  const Screen = screen.component;
  return (
    <ToastProvider>
      {/* The shop's locale for money and counts; re-read after pairing. */}
      <ShopFormatProvider reloadKey={generation}>
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
      </ShopFormatProvider>
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
