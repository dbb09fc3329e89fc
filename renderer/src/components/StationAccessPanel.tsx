import { useState } from 'react';
import { call } from '../bridge';
import { useQuery } from '../hooks';
import { useToast } from './Toasts';

/**
 * Station server access: the host names the browser console may be reached under besides the
 * server's own addresses (127.0.0.1, localhost and, in LAN mode, this computer's addresses and
 * name). A request naming any other host, or sent from another site's page, is refused.
 */
export function StationAccessPanel() {
  const notify = useToast();
  const access = useQuery('stationAccess.get', {}, ['stationAccess.']);
  const [name, setName] = useState('');
  const hosts = access.data?.allowedHosts ?? [];

  const save = async (allowedHosts: string[], done: string) => {
    try {
      await call('stationAccess.update', { allowedHosts });
      notify('success', done);
      await access.reload();
      return true;
    } catch {
      return false; // the shell shows every API error
    }
  };

  return (
    <div className="panel" data-testid="station-access">
      <h2>Station server access</h2>
      <p className="muted">
        The station server answers only to its own addresses. If you reach it through a reverse proxy or another name (e.g. <code>shop.example.com</code>), add that
        name here; add <code>name:port</code> to allow one port only. Webhooks are not affected: their signatures are their check.
      </p>
      {hosts.length === 0 ? (
        <p data-testid="station-access-none">No extra host names.</p>
      ) : (
        <table className="table" data-testid="station-access-hosts">
          <tbody>
            {hosts.map((h) => (
              <tr key={h}>
                <td className="mono">{h}</td>
                <td>
                  <button type="button" aria-label={`Remove ${h}`} onClick={() => void save(hosts.filter((x) => x !== h), `${h} removed`)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="row"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!name.trim()) return;
          if (await save([...hosts, name.trim()], `${name.trim()} added`)) setName('');
        }}
      >
        <label>
          Host name <input aria-label="Allowed host name" value={name} onChange={(e) => setName(e.target.value)} placeholder="shop.example.com" />
        </label>
        <button type="submit">Add</button>
      </form>
    </div>
  );
}
