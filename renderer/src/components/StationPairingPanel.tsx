import { useState } from 'react';
import { call } from '../bridge';
import { useQuery } from '../hooks';
import { useConfirm } from './ConfirmDialog';
import { useToast } from './Toasts';

/** Pairing LAN stations: a one-time code per station, and the paired stations with their tokens to revoke. */
export function StationPairingPanel() {
  const tokens = useQuery('auth.listTokens', {});
  const notify = useToast();
  const [name, setName] = useState('');
  const [role, setRole] = useState<'packer' | 'picker' | 'owner'>('packer');
  const [code, setCode] = useState<string>();
  const [confirm, confirmDialog] = useConfirm();
  // A revoked token never works again: the station has to be paired anew.
  const revoke = async (token: { id: number; name: string }) => {
    const ok = await confirm({ title: `Revoke ${token.name}?`, body: `${token.name} is signed out at once and cannot use this token again; to use it again, pair it with a new code.`, confirmLabel: 'Revoke' });
    if (ok) await call('auth.revokeToken', { id: token.id }).then(() => tokens.reload()).catch(() => undefined);
  };
  return (
    <div className="panel" data-testid="panel-packing-stations">
      <h2>Packing stations</h2>
      {confirmDialog}
      <form
        className="row"
        onSubmit={async (e) => {
          e.preventDefault();
          const res = await call('auth.createPairingCode', { name, role });
          setCode(res.code);
          notify('success', `Pairing code for ${name} created`);
          void tokens.reload();
        }}
      >
        <input aria-label="Station name" placeholder="Station name" value={name} onChange={(e) => setName(e.target.value)} required />
        <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
          <option value="packer">Packer</option>
          <option value="picker">Picker</option>
          <option value="owner">Owner</option>
        </select>
        <button type="submit">Create pairing code</button>
      </form>
      {code && (
        <p className="callout" data-testid="pairing-code">
          Enter <strong>{code}</strong> on the station within 10 minutes.
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th>Station</th>
            <th>Role</th>
            <th>Paired</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.data?.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{t.role}</td>
              <td>{t.createdAt.slice(0, 16).replace('T', ' ')}</td>
              <td>{t.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? '—'}</td>
              <td>
                {t.revokedAt ? (
                  'revoked'
                ) : (
                  <button onClick={() => void revoke(t)}>Revoke</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
