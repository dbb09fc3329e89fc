import { useState } from 'react';
import { FieldError } from '../../forms/FieldError';
import { useApiForm } from '../../forms/useApiForm';
import { useQuery } from '../../../hooks';
import { useToast } from '../../Toasts';

/**
 * Settings → Stations & devices → Supervisor PIN: the PIN a supervisor types to let a weight
 * mismatch through at a packing station. Only a hash is stored; without a PIN the supervisor's
 * name is all an override asks for.
 */
export function SupervisorPinPanel() {
  const settings = useQuery('packing.settings', {}, ['packing.']);
  const form = useApiForm({ pin: 'PIN' });
  const [pin, setPin] = useState('');
  const notify = useToast();
  const isSet = settings.data?.supervisorPinSet ?? false;

  const save = async (value: string | null, done: string) => {
    if (await form.submit('packing.setSupervisorPin', { pin: value })) {
      setPin('');
      notify('success', done);
      await settings.reload();
    }
  };

  return (
    <div className="panel" data-testid="supervisor-pin">
      <h2>Supervisor PIN</h2>
      <p className="muted" data-testid="supervisor-pin-state">
        {isSet
          ? 'A supervisor PIN is set: a weight override at a packing station needs it.'
          : 'No supervisor PIN: a weight override at a packing station asks only for the supervisor’s name.'}
      </p>
      <form
        className="action-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save(pin, isSet ? 'Supervisor PIN changed' : 'Supervisor PIN set');
        }}
      >
        <label>
          {isSet ? 'New PIN' : 'PIN'} (4–12 digits)
          <input
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            value={pin}
            onChange={(e) => {
              setPin(e.target.value);
              form.clear('pin');
            }}
            data-testid="supervisor-pin-input"
            {...form.fieldProps('pin')}
          />
          <FieldError form={form} field="pin" />
        </label>
        <button type="submit" className="primary">
          {isSet ? 'Change PIN' : 'Set PIN'}
        </button>
        {isSet ? (
          <button type="button" onClick={() => void save(null, 'Supervisor PIN removed')}>
            Remove PIN
          </button>
        ) : null}
      </form>
    </div>
  );
}
