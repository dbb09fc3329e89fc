import { useState } from 'react';
import { call, saveStationToken } from '../bridge';

/** Shown when the station server asks for a token (LAN mode): exchange a one-time pairing code. */
export function PairingDialog({ onPaired }: { onPaired(): void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  return (
    <div className="overlay">
      <form
        className="dialog"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const res = await call('auth.pair', { code });
            saveStationToken(res.token);
            onPaired();
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      >
        <h2>Pair this station</h2>
        <p>Ask the owner for a pairing code (Settings → Packing stations, or `shipshape pair --name …`).</p>
        <input autoFocus aria-label="Pairing code" value={code} onChange={(e) => setCode(e.target.value.toUpperCase())} />
        {error && <p className="error">{error}</p>}
        <button type="submit">Pair</button>
      </form>
    </div>
  );
}
