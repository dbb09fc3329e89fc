import { useEffect, useState } from 'react';
import type { ReplenishmentSettingsDto } from '../../../../shared/api/replenishment';
import { call } from '../../bridge';
import { useToast } from '../Toasts';
import { centsToDecimal, decimalToCents } from './format';

/**
 * The autopilot's settings: budget per week or month, auto-send under an amount (or never), the
 * daily run, service level per ABC class and the days of cover an order buys.
 */
export function AutopilotSettings({ settings, onSaved }: { settings: ReplenishmentSettingsDto; onSaved(): void }) {
  const notify = useToast();
  const [budget, setBudget] = useState('');
  const [period, setPeriod] = useState<'week' | 'month'>('month');
  const [autoSend, setAutoSend] = useState('');
  const [daily, setDaily] = useState(true);
  const [levels, setLevels] = useState({ A: '', B: '', C: '' });
  const [cover, setCover] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setBudget(centsToDecimal(settings.budgetCents));
    setPeriod(settings.budgetPeriod);
    setAutoSend(settings.autoSendUnderCents === null ? '' : centsToDecimal(settings.autoSendUnderCents));
    setDaily(settings.dailyRun);
    setLevels({ A: String(settings.serviceLevels.A * 100), B: String(settings.serviceLevels.B * 100), C: String(settings.serviceLevels.C * 100) });
    setCover(String(settings.coverDays));
  }, [settings]);

  const save = async () => {
    const budgetCents = decimalToCents(budget);
    if (budgetCents === null) return setError(`Budget: "${budget}" is not an amount (e.g. 5000.00)`);
    const autoSendUnderCents = autoSend.trim() === '' ? null : decimalToCents(autoSend);
    if (autoSend.trim() !== '' && autoSendUnderCents === null) return setError(`Auto-send: "${autoSend}" is not an amount (leave it empty for never)`);
    const serviceLevels = { A: Number(levels.A) / 100, B: Number(levels.B) / 100, C: Number(levels.C) / 100 };
    for (const [k, v] of Object.entries(serviceLevels)) if (!(v >= 0.5 && v < 1)) return setError(`Service level ${k}: between 50 and 99.99 %`);
    const coverDays = Number(cover);
    if (!(coverDays >= 0 && coverDays <= 365)) return setError('Days of cover: 0 to 365');
    setError(null);
    try {
      await call('replenish.configure', { budgetCents, budgetPeriod: period, autoSendUnderCents, dailyRun: daily, serviceLevels, coverDays });
      notify('success', 'Autopilot settings saved');
      onSaved();
    } catch {
      // the shell already shows every API error
    }
  };

  return (
    <form
      className="panel"
      data-testid="autopilot-settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>Autopilot settings</h2>
      <div className="row">
        <label>
          Budget <input aria-label="Budget" size={10} value={budget} onChange={(e) => setBudget(e.target.value)} />
        </label>
        <label>
          per{' '}
          <select aria-label="Budget period" value={period} onChange={(e) => setPeriod(e.target.value as 'week' | 'month')}>
            <option value="week">week</option>
            <option value="month">month</option>
          </select>
        </label>
        <label>
          Send POs by itself under <input aria-label="Auto-send under" size={10} placeholder="never" value={autoSend} onChange={(e) => setAutoSend(e.target.value)} />
        </label>
        <label>
          <input type="checkbox" aria-label="Daily run" checked={daily} onChange={(e) => setDaily(e.target.checked)} /> Run every day
        </label>
      </div>
      <div className="row">
        {(['A', 'B', 'C'] as const).map((k) => (
          <label key={k}>
            Service level {k} (%) <input aria-label={`Service level ${k}`} size={5} value={levels[k]} onChange={(e) => setLevels({ ...levels, [k]: e.target.value })} />
          </label>
        ))}
        <label>
          Days of cover <input aria-label="Days of cover" size={4} value={cover} onChange={(e) => setCover(e.target.value)} />
        </label>
        <button type="submit" className="secondary">
          Save
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="muted">A = the products that bring the first 80 % of revenue over the last {settings.revenueDays} days, B the next 15 %, C the rest.</p>
    </form>
  );
}
