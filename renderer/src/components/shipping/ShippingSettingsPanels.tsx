import { useEffect, useState, type ReactNode } from 'react';
import type { ImportReportDto, RuleDto, RulesTraceDto } from '../../../../shared/api/shipping';
import { formatMoney } from '../../../../shared/units';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { percent } from './shipping-ui';

/** Settings → Carriers & services: built-ins and the shop's own, enable/disable, on-time target. */
export function CarriersPanel() {
  const notify = useToast();
  const carriers = useQuery('shipping.carriers', {}, ['shipping.changed']);
  const settings = useQuery('shipping.settings', {}, ['shipping.changed']);
  const [target, setTarget] = useState('');
  const [carrier, setCarrier] = useState({ code: '', name: '' });
  const [service, setService] = useState({ carrier: '', code: '', name: '', template: 'ups:ground' });
  useEffect(() => {
    if (settings.data) setTarget(String(Math.round(settings.data.onTimeTarget * 100)));
  }, [settings.data?.onTimeTarget]);
  return (
    <div className="panel" data-testid="panel-carriers">
      <h2>Carriers and services</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void call('shipping.updateSettings', { onTimeTarget: Number(target) / 100 }).then(() => notify('success', `On-time target ${target}%`), () => undefined);
        }}
      >
        <label>
          On-time target{' '}
          <input aria-label="On-time target percent" className="narrow" type="number" min={50} max={99.9} step={0.1} value={target} onChange={(e) => setTarget(e.target.value)} />%
        </label>
        <button type="submit" className="secondary">
          Save target
        </button>
      </form>
      <table className="table">
        <thead>
          <tr>
            <th>Carrier / service</th>
            <th>Zones</th>
            <th>Rate card</th>
            <th>Cut-off</th>
            <th className="num">Dim divisor</th>
            <th className="num">Published on time</th>
            <th>Surcharges</th>
            <th>Enabled</th>
          </tr>
        </thead>
        <tbody>
          {(carriers.data ?? []).flatMap((c) => [
            <tr key={c.code} data-testid={`carrier-${c.code}`}>
              <td>
                <strong>{c.name}</strong> <span className="muted">{c.code}</span> {!c.builtIn && <span className="pill">custom</span>}
              </td>
              <td>{c.zoneChartRows ? `${c.zoneChartRows} rows` : <span className="pill warn">no zone chart</span>}</td>
              <td colSpan={5} />
              <td>
                <input
                  type="checkbox"
                  aria-label={`Enable ${c.name}`}
                  checked={c.enabled}
                  onChange={(e) => void call('shipping.upsertCarrier', { code: c.code, name: c.name, enabled: e.target.checked }).then(() => carriers.reload(), () => undefined)}
                />
              </td>
            </tr>,
            ...c.services.map((s) => (
              <tr key={s.key} data-testid={`service-${s.key}`}>
                <td>&nbsp;&nbsp;{s.name}</td>
                <td className="muted">{Object.keys(s.transitDaysByZone).length} zones</td>
                <td>{s.rateCardRows ? `${s.rateCardRows} rows` : <span className="pill warn">none</span>}</td>
                <td>{s.cutoffLocal}</td>
                <td className="num">{s.dimDivisor ?? '—'}</td>
                <td className="num">{percent(s.publishedOnTimeRate)}</td>
                <td className="muted ellipsis">{s.surcharges.join(', ')}</td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Enable ${s.name}`}
                    checked={s.enabled}
                    onChange={(e) => void call('shipping.upsertService', { carrier: s.carrier, code: s.code, enabled: e.target.checked }).then(() => carriers.reload(), () => undefined)}
                  />
                </td>
              </tr>
            )),
          ])}
        </tbody>
      </table>
      <h3>Add a carrier</h3>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void call('shipping.upsertCarrier', { ...carrier, enabled: true }).then(() => (setCarrier({ code: '', name: '' }), carriers.reload()), () => undefined);
        }}
      >
        <input aria-label="Carrier code" placeholder="code (e.g. ontrac)" value={carrier.code} onChange={(e) => setCarrier({ ...carrier, code: e.target.value })} required />
        <input aria-label="Carrier name" placeholder="Name" value={carrier.name} onChange={(e) => setCarrier({ ...carrier, name: e.target.value })} required />
        <button type="submit">Add carrier</button>
      </form>
      <h3>Add a service</h3>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void call('shipping.upsertService', service).then(() => (setService({ ...service, code: '', name: '' }), carriers.reload()), () => undefined);
        }}
      >
        <select aria-label="Service carrier" value={service.carrier} onChange={(e) => setService({ ...service, carrier: e.target.value })} required>
          <option value="">carrier…</option>
          {(carriers.data ?? []).map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
        <input aria-label="Service code" placeholder="code" value={service.code} onChange={(e) => setService({ ...service, code: e.target.value })} required />
        <input aria-label="Service name" placeholder="Name" value={service.name} onChange={(e) => setService({ ...service, name: e.target.value })} required />
        <label>
          like{' '}
          <select aria-label="Service template" value={service.template} onChange={(e) => setService({ ...service, template: e.target.value })}>
            {(carriers.data ?? []).flatMap((c) => c.services.filter((s) => s.builtIn).map((s) => <option key={s.key}>{s.key}</option>))}
          </select>
        </label>
        <button type="submit">Add service</button>
      </form>
    </div>
  );
}

function ImportReport({ report }: { report?: ImportReportDto }) {
  if (!report) return null;
  if (report.ok) return <p className="callout">{report.rows} rows imported.</p>;
  return (
    <div className="error" data-testid="import-errors">
      Nothing imported:
      <ul>
        {report.errors.slice(0, 30).map((e, i) => (
          <li key={i}>
            row {e.row}
            {e.column ? `, ${e.column}` : ''}: {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Settings → Zone charts and rate cards: CSV imports, validated row by row. */
export function ShippingTablesPanel() {
  const carriers = useQuery('shipping.carriers', {}, ['shipping.changed']);
  const [carrier, setCarrier] = useState('usps');
  const [service, setService] = useState('');
  const services = carriers.data?.find((c) => c.code === carrier)?.services ?? [];
  return (
    <div className="panel" data-testid="panel-shipping-tables">
      <h2>Zone charts and rate cards</h2>
      <p className="muted">
        Zone chart CSV: <span className="mono">origin_prefix,dest_prefix,zone</span> (3-digit prefixes, 5-digit exceptions, ranges like 039-043). Rate card CSV:{' '}
        <span className="mono">zone,max_weight_g,price</span> (price in major units, two decimals).
      </p>
      <CsvImportRow
        label="Zone chart"
        picker={
          <select aria-label="Import carrier" value={carrier} onChange={(e) => setCarrier(e.target.value)}>
            {(carriers.data ?? []).map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        }
        importCsv={(csv) => call('shipping.importZones', { carrier, csv })}
        onImported={carriers.reload}
      />
      <CsvImportRow
        label="Rate card"
        picker={
          <select aria-label="Import service" value={service} onChange={(e) => setService(e.target.value)}>
            <option value="">service…</option>
            {services.map((s) => (
              <option key={s.key} value={s.code}>
                {s.name}
              </option>
            ))}
          </select>
        }
        disabled={!service}
        importCsv={(csv) => call('shipping.importRateCard', { carrier, service, csv })}
        onImported={carriers.reload}
      />
    </div>
  );
}

/** One CSV import: what it is for (a picker), the file input, and the import's row-by-row report under it. */
function CsvImportRow(props: { label: string; picker: ReactNode; disabled?: boolean; importCsv: (csv: string) => Promise<ImportReportDto>; onImported: () => void }) {
  const [report, setReport] = useState<ImportReportDto>();
  return (
    <>
      <div className="row">
        {props.picker}
        <label>
          {props.label}{' '}
          <input
            type="file"
            accept=".csv,text/csv"
            aria-label={`${props.label} CSV`}
            disabled={props.disabled}
            onChange={(e) => void e.target.files?.[0]?.text().then(props.importCsv).then((r) => (setReport(r), props.onImported()), () => undefined)}
          />
        </label>
      </div>
      <ImportReport report={report} />
    </>
  );
}

const EMPTY_BOX = { code: '', name: '', innerLengthMm: '', innerWidthMm: '', innerHeightMm: '', tareG: '', costCents: '' };

/** Settings → Boxes: inner dimensions, tare weight, cost. */
export function BoxesPanel() {
  const boxes = useQuery('shipping.boxes', {}, ['shipping.changed']);
  const [form, setForm] = useState(EMPTY_BOX);
  const field = (key: keyof typeof EMPTY_BOX, label: string, narrow = true) => (
    <input aria-label={label} placeholder={label} className={narrow ? 'narrow' : undefined} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} required={key !== 'costCents'} />
  );
  return (
    <div className="panel" data-testid="panel-boxes">
      <h2>Boxes</h2>
      <table className="table">
        <thead>
          <tr>
            <th>Code</th>
            <th>Name</th>
            <th>Inner L×W×H mm</th>
            <th className="num">Tare</th>
            <th className="num">Cost</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(boxes.data ?? []).map((b) => (
            <tr key={b.code}>
              <td className="mono">{b.code}</td>
              <td>{b.name}</td>
              <td>
                {b.innerLengthMm}×{b.innerWidthMm}×{b.innerHeightMm}
              </td>
              <td className="num">{b.tareG} g</td>
              <td className="num">{formatMoney(b.costCents)}</td>
              <td>
                <button className="secondary" onClick={() => void call('shipping.removeBox', { code: b.code }).then(() => boxes.reload(), () => undefined)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void call('shipping.upsertBox', {
            code: form.code,
            name: form.name,
            innerLengthMm: Number(form.innerLengthMm),
            innerWidthMm: Number(form.innerWidthMm),
            innerHeightMm: Number(form.innerHeightMm),
            tareG: Number(form.tareG),
            costCents: Number(form.costCents || 0),
          }).then(() => (setForm(EMPTY_BOX), boxes.reload()), () => undefined);
        }}
      >
        {field('code', 'Box code', false)}
        {field('name', 'Box name', false)}
        {field('innerLengthMm', 'Length mm')}
        {field('innerWidthMm', 'Width mm')}
        {field('innerHeightMm', 'Height mm')}
        {field('tareG', 'Tare g')}
        {field('costCents', 'Cost ¢')}
        <button type="submit">Save box</button>
      </form>
    </div>
  );
}

/** Settings → Shipping rules: edited as JSON (ordered), with a dry run on any order before saving. */
export function ShippingRulesPanel() {
  const notify = useToast();
  const rules = useQuery('shipping.rules', {}, ['shipping.changed']);
  const [text, setText] = useState('');
  const [orderId, setOrderId] = useState('');
  const [trace, setTrace] = useState<RulesTraceDto>();
  useEffect(() => {
    if (rules.data) setText(JSON.stringify(rules.data.map(({ id: _id, ...r }: RuleDto) => r), null, 2));
  }, [rules.data]);
  const parsed = (): unknown[] | null => {
    try {
      return JSON.parse(text) as unknown[];
    } catch (error) {
      notify('error', `Rules are not valid JSON: ${(error as Error).message}`);
      return null;
    }
  };
  return (
    <div className="panel" data-testid="panel-shipping-rules">
      <h2>Shipping rules</h2>
      <p className="muted">
        Evaluated top to bottom before rate shopping. Conditions: destinationCountries, destinationPostalPrefixes, destinationStates, weightG {'{min,max}'}, channels, tagsAny, orderValueCents, skusAny.
        Actions: forceService, neverUseService (serviceKey "carrier:service"), setBox, addInsurance, requireSignature.
      </p>
      <textarea aria-label="Rules JSON" className="wide-text mono" rows={14} value={text} onChange={(e) => setText(e.target.value)} />
      <div className="row">
        <button
          onClick={() => {
            const r = parsed();
            if (r) void call('shipping.saveRules', { rules: r as never }).then(() => notify('success', 'Rules saved'), () => undefined);
          }}
        >
          Save rules
        </button>
        <input aria-label="Dry-run order id" className="narrow" placeholder="order id" value={orderId} onChange={(e) => setOrderId(e.target.value)} />
        <button
          className="secondary"
          disabled={!Number(orderId)}
          onClick={() => {
            const r = parsed();
            if (r) void call('shipping.dryRunRules', { orderId: Number(orderId), rules: r as never }).then(setTrace, () => undefined);
          }}
        >
          Dry run
        </button>
      </div>
      {trace && (
        <ul className="plain" data-testid="rules-dry-run">
          {trace.trace.map((t) => (
            <li key={t.ruleId}>
              <span className={t.matched ? 'pill ok' : 'pill'}>{t.matched ? 'fires' : 'no match'}</span> <strong>{t.ruleName}</strong>: {t.explanation.join('; ')}
              {t.applied.length > 0 && <> → {t.applied.join(', ')}</>}
              {t.shadowed.length > 0 && <span className="muted"> (shadowed: {t.shadowed.join(', ')})</span>}
            </li>
          ))}
          {trace.conflicts.map((c) => (
            <li key={c} className="error">
              {c}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
