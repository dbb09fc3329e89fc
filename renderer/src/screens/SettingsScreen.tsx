import { useState } from 'react';
import { call } from '../bridge';
import { useQuery } from '../hooks';
import { useToast } from '../components/Toasts';
import type { ScreenProps } from './index';
import { SETTINGS_PANELS } from './settings-panels';

/** Settings: system information and station pairing (LAN stations). Device settings join here. */
export function SettingsScreen(_props: ScreenProps) {
  const info = useQuery('system.info', {});
  const tokens = useQuery('auth.listTokens', {}, ['auth.']);
  const notify = useToast();
  const [name, setName] = useState('');
  const [role, setRole] = useState<'packer' | 'picker' | 'owner'>('packer');
  const [code, setCode] = useState<string>();
  return (
    <section className="screen">
      <h1>Settings</h1>
      <div className="panel">
        <h2>System</h2>
        {info.data && (
          <dl className="facts" data-testid="system-info">
            <dt>Version</dt>
            <dd>{info.data.version}</dd>
            <dt>Database</dt>
            <dd>{info.data.databasePath}</dd>
            <dt>Schema</dt>
            <dd>
              {info.data.schemaVersion} ({info.data.migrations} migrations)
            </dd>
            <dt>Station mode</dt>
            <dd>{info.data.lanMode ? 'LAN (tokens required)' : 'This computer only'}</dd>
            {info.data.webhookIntake && (
              <>
                <dt>Webhook orders</dt>
                <dd>{info.data.webhookIntake === 'intake thread' ? 'Committed on the order intake thread' : 'Committed on the request thread'}</dd>
              </>
            )}
          </dl>
        )}
      </div>
      <div className="panel">
        <h2>Packing stations</h2>
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
                    <button onClick={() => call('auth.revokeToken', { id: t.id }).then(() => tokens.reload())}>Revoke</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {SETTINGS_PANELS.map(({ id, component: Panel }) => (
        <Panel key={id} />
      ))}
    </section>
  );
}
