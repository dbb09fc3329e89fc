import { useEffect, useState } from 'react';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';

const CARRIERS = [
  { code: 'usps', name: 'USPS' },
  { code: 'ups', name: 'UPS' },
  { code: 'fedex', name: 'FedEx' },
  { code: 'dhl', name: 'DHL' },
];

/**
 * The postage account: with an EasyPost API key, labels of the ticked carriers are bought there
 * (real tracking numbers and postage) for the service Shipshape chose; the rest are made from the
 * rate cards. The key is write-only here: only its last four characters come back.
 */
export function PostagePanel() {
  const notify = useToast();
  const account = useQuery('shipping.postage', {}, ['shipping.config']);
  const [apiKey, setApiKey] = useState('');
  const [carriers, setCarriers] = useState<string[]>([]);
  useEffect(() => {
    if (account.data) setCarriers(account.data.provider ? account.data.carriers : CARRIERS.map((c) => c.code));
  }, [account.data]);
  if (!account.data) return null;
  const connected = account.data.provider !== null;

  const save = async (change: Parameters<typeof call<'shipping.updatePostage'>>[1], done: string) => {
    try {
      await call('shipping.updatePostage', change);
      setApiKey('');
      notify('success', done);
    } catch {
      // the shell already shows every API error
    }
  };

  return (
    <div className="panel" data-testid="postage-account">
      <h2>Postage (EasyPost)</h2>
      <p className="muted" data-testid="postage-status">
        {connected
          ? `Connected (key ${account.data.apiKeyHint}): ${account.data.carriers.map((c) => c.toUpperCase()).join(', ')} labels are bought at EasyPost.`
          : 'Not connected: every label is made from the rate cards.'}
      </p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void save({ apiKey: apiKey.trim() || undefined, carriers }, connected ? 'Postage account saved' : 'Postage account connected');
        }}
      >
        <input
          aria-label="EasyPost API key"
          type="password"
          autoComplete="off"
          placeholder={connected ? 'New API key (optional)' : 'EasyPost API key'}
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          required={!connected}
        />
        {CARRIERS.map((c) => (
          <label key={c.code}>
            <input
              type="checkbox"
              checked={carriers.includes(c.code)}
              onChange={(e) => setCarriers(e.target.checked ? [...carriers, c.code] : carriers.filter((x) => x !== c.code))}
            />{' '}
            {c.name}
          </label>
        ))}
        <button type="submit">{connected ? 'Save' : 'Connect'}</button>
        {connected && (
          <button type="button" className="secondary" onClick={() => void save({ off: true }, 'Postage account disconnected')}>
            Disconnect
          </button>
        )}
      </form>
    </div>
  );
}
