import { useEffect, useState } from 'react';
import { onConnectionChange } from '../bridge';
import { STATUS_BADGES } from './status-badges';
import { ProgressBar } from './ProgressBar';
import { DatabaseBadge } from './DatabaseBadge';

/** Bottom bar: connection to the station server (or desktop IPC), then one badge per device area. */
export function StatusBar() {
  const [connected, setConnected] = useState<boolean | undefined>(window.shipshape.transport === 'ipc' ? true : undefined);
  useEffect(() => {
    const off1 = onConnectionChange(setConnected);
    // Subscribing opens the event stream, which is what reports the connection.
    const off2 = window.shipshape.on(() => {});
    return () => {
      off1();
      off2();
    };
  }, []);
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span className={`badge ${connected ? 'ok' : connected === false ? 'bad' : ''}`} data-testid="connection-status">
        {window.shipshape.transport === 'ipc' ? 'Desktop' : 'Station server'}: {connected ? 'connected' : connected === false ? 'disconnected' : 'connecting…'}
      </span>
      <DatabaseBadge />
      {STATUS_BADGES.map((Badge, i) => (
        <Badge key={i} />
      ))}
      <ProgressBar />
    </footer>
  );
}
