import { useCallback, useEffect, useRef, useState } from 'react';
import type { PoDetailDto, ReceiveResultDto, ScanMatchDto } from '../../../../shared/api/purchasing';
import { formatCount } from '../../../../shared/money';
import { ApiError, call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import type { PurchasingTabProps } from './types';

type Step = 'po' | 'item' | 'qty' | 'damaged' | 'lot' | 'expiry';

interface Counted {
  code: string;
  sku: string;
  name: string;
  quantity: number;
  damaged: number;
  lot?: string;
  expiresOn?: string;
  bin: string;
}

/** A refusal in plain words: a validation error's field path ("scan: …") means nothing at the dock. */
const plain = (e: unknown) => {
  const message = (e as Error).message;
  return e instanceof ApiError && e.code === 'VALIDATION' ? message.replace(/^(Invalid field "[^"]+": |scan: )/, '') : message;
};

const PROMPTS: Record<Step, string> = {
  po: 'Scan the PO number',
  item: 'Scan an item (GTIN, our SKU or the supplier SKU) — Ctrl+Enter receives what is counted',
  qty: 'Quantity received in good condition (Enter: all that is still open; scan the item again to count unit by unit)',
  damaged: 'Damaged units (Enter: none)',
  lot: 'Scan or type the lot',
  expiry: 'Expiry date YYYY-MM-DD (Enter: from the shelf life)',
};

/**
 * Receiving against a PO, keyboard-only and scanner-first (#/purchasing/receiving[/<PO number>]).
 * One input always has the focus and asks for one thing at a time: the PO, then per item its
 * quantity, damaged units and (lot-tracked products) lot and expiry. Ctrl+Enter books the receipt
 * in one go; the putaway list then names the bin for each item. Escape drops the item in progress.
 */
export function ReceivingTab({ params, navigate }: PurchasingTabProps) {
  const notify = useToast();
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [step, setStep] = useState<Step>('po');
  const [po, setPo] = useState<PoDetailDto | null>(null);
  const [current, setCurrent] = useState<(ScanMatchDto & { code: string; scanned?: number; quantity?: number; damaged?: number; lot?: string }) | null>(null);
  const [counted, setCounted] = useState<Counted[]>([]);
  type Current = NonNullable<typeof current>;
  // A scanner sends codes faster than a lookup answers. Each Enter waits for the one before it
  // (\`pending\`) and reads the scan state as that step left it (\`live\`), not as the last render
  // saw it — otherwise an Enter typed while an item is being looked up is lost.
  const live = useRef({ step: 'po' as Step, po: null as PoDetailDto | null, current: null as Current | null, counted: [] as Counted[] });
  const pending = useRef<Promise<void>>(Promise.resolve());
  const setStepLive = (next: Step) => {
    live.current.step = next;
    setStep(next);
  };
  const setPoLive = (next: PoDetailDto | null) => {
    live.current.po = next;
    setPo(next);
  };
  const setCurrentLive = (next: Current | null) => {
    live.current.current = next;
    setCurrent(next);
  };
  const setCountedLive = (next: Counted[] | ((list: Counted[]) => Counted[])) => {
    live.current.counted = typeof next === 'function' ? next(live.current.counted) : next;
    setCounted(live.current.counted);
  };
  const [refusal, setRefusal] = useState<string | null>(null);
  const [result, setResult] = useState<ReceiveResultDto | null>(null);
  const [busy, setBusy] = useState(false);
  const printers = useQuery('printers.list', {}, ['devices.']);
  // What may arrive: a blank "scan the PO number" box alone leaves a newcomer guessing which numbers exist.
  const expected = useQuery('po.list', { status: 'open' }, ['purchasing.']);
  const labelPrinters = (printers.data ?? []).filter((p) => p.enabled).map((p) => p.name);
  const [printer, setPrinter] = useState('');

  const focus = useCallback(() => setTimeout(() => input.current?.focus(), 0), []);

  const openPo = useCallback(
    async (ref: string) => {
      try {
        const d = await call('po.get', { po: /^\d+$/.test(ref) ? Number(ref) : ref });
        if (d.status !== 'sent' && d.status !== 'partially_received') throw new Error(`${d.number} is ${d.status.replace('_', ' ')}: nothing to receive`);
        setPoLive(d);
        setCountedLive([]);
        setResult(null);
        setRefusal(null);
        setStepLive('item');
      } catch (e) {
        setRefusal(plain(e));
      }
      focus();
    },
    [focus],
  );

  useEffect(() => {
    if (params[0]) void openPo(params[0]);
  }, [params[0]]);

  const add = (c: NonNullable<typeof current>, extra: { lot?: string; expiresOn?: string } = {}) => {
    setCountedLive((list) => [...list, { code: c.code, sku: c.sku, name: c.name, quantity: c.quantity ?? 0, damaged: c.damaged ?? 0, bin: c.putaway.bin, ...(c.lot ? { lot: c.lot } : {}), ...extra }]);
    setCurrentLive(null);
    setStepLive('item');
  };

  const countedOf = (sku: string) => live.current.counted.filter((c) => c.sku === sku).reduce((s, c) => s + c.quantity + c.damaged, 0);

  const submitStep = () => {
    const v = value.trim();
    setValue('');
    pending.current = pending.current.then(() => runStep(v));
  };

  const runStep = async (v: string) => {
    const { step, po, current } = live.current;
    setRefusal(null);
    if (step === 'po') {
      if (v) await openPo(v);
      return;
    }
    if (!po) return;
    try {
      if (step === 'item') {
        if (!v) return;
        const match = await call('po.lookup', { po: po.id, code: v });
        setCurrentLive({ ...match, code: v });
        setStepLive('qty');
      } else if (step === 'qty' && current) {
        // Scanning the same item again counts it unit by unit; Enter then takes that count.
        if (v && v.toLowerCase() === current.code.toLowerCase()) {
          setCurrentLive({ ...current, scanned: (current.scanned ?? 1) + 1 });
          focus();
          return;
        }
        // A long number is a barcode scanned by mistake, never a quantity (a GTIN would be 10^12 units).
        if (v && !/^\d{1,6}$/.test(v)) throw new Error(`"${v}" is not a quantity: type how many ${current.sku} arrived, or Escape to drop it`);
        const open = Math.max(0, current.openQty - countedOf(current.sku));
        const q = v === '' ? (current.scanned ?? open) : Number(v);
        setCurrentLive({ ...current, quantity: q });
        setStepLive('damaged');
      } else if (step === 'damaged' && current) {
        const dmg = v === '' ? 0 : Number(v);
        if (!Number.isInteger(dmg) || dmg < 0) throw new Error(`"${v}" is not a number of damaged units`);
        if (dmg + (current.quantity ?? 0) === 0) throw new Error('Nothing received: quantity and damaged are both 0');
        const next = { ...current, damaged: dmg };
        if (current.lotTracked && (current.quantity ?? 0) > 0) {
          setCurrentLive(next);
          setStepLive('lot');
        } else add(next);
      } else if (step === 'lot' && current) {
        if (!v) throw new Error(`${current.sku} is lot-tracked: scan or type its lot`);
        setCurrentLive({ ...current, lot: v });
        setStepLive('expiry');
      } else if (step === 'expiry' && current) {
        if (v && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new Error(`"${v}" is not a date (YYYY-MM-DD)`);
        add(current, v ? { expiresOn: v } : {});
      }
    } catch (e) {
      setRefusal(plain(e));
    }
    focus();
  };

  const receive = async () => {
    if (!po || counted.length === 0 || busy) return;
    setBusy(true);
    try {
      const r = await call('po.receive', {
        po: po.id,
        lines: counted.map((c) => ({ code: c.code, quantity: c.quantity, damaged: c.damaged, ...(c.lot ? { lot: c.lot } : {}), ...(c.expiresOn ? { expiresOn: c.expiresOn } : {}) })),
      });
      setResult(r);
      setRefusal(null); // an earlier refused scan no longer applies
      setCountedLive([]);
      setPoLive(null);
      setStepLive('po');
      notify('success', `Receipt ${r.receiptId} on ${r.po}: ${r.status.replace('_', ' ')}`);
    } catch (e) {
      setRefusal(plain(e));
    } finally {
      setBusy(false);
      focus();
    }
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void receive();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setValue('');
      if (current) {
        setCurrentLive(null);
        setStepLive(po ? 'item' : 'po');
      } else if (po && counted.length === 0) {
        setPoLive(null);
        setStepLive('po');
      }
      setRefusal(null);
    }
  };

  const printLabels = async () => {
    if (!result) return;
    const name = printer || labelPrinters[0];
    if (!name) return notify('error', 'No printer is set up: add one under Settings → Devices');
    try {
      const r = await call('po.printPutawayLabels', { receiptId: result.receiptId, printer: name });
      notify('success', `${r.count} bin label${r.count === 1 ? '' : 's'} sent to ${name}`);
    } catch (e) {
      notify('error', (e as Error).message);
    }
  };

  const prompt = step === 'qty' && current ? `${current.scanned ? `Scanned ${current.scanned} — Enter takes them, or type the quantity` : PROMPTS.qty} — ${current.sku}, open ${Math.max(0, current.openQty - countedOf(current.sku))}${current.casePack > 1 ? `, case of ${current.casePack}` : ''}` : current && step !== 'item' ? `${PROMPTS[step]} — ${current.sku}` : PROMPTS[step];
  return (
    <div data-testid="receiving-tab">
      <form className="panel" onSubmit={(e) => (e.preventDefault(), submitStep())}>
        <label className="muted" htmlFor="receive-scan" style={{ display: 'block', marginBottom: 6 }} data-testid="receive-prompt">
          {po ? `${po.number} · ${po.supplierName}: ` : ''}
          {prompt}
        </label>
        <input id="receive-scan" ref={input} className="big-input" autoFocus autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} onKeyDown={onKeyDown} data-testid="receive-scan" />
      </form>
      {refusal ? (
        <div className="pack-refusal" role="alert" data-testid="receive-refusal">
          {refusal}
        </div>
      ) : null}
      {!po && !result ? (
        <section className="panel" data-testid="receive-expected">
          <h3>Expected deliveries</h3>
          {(expected.data ?? []).length === 0 ? (
            <p className="muted">No purchase order is waiting for delivery: send one from Purchase orders first.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>PO</th>
                  <th>Supplier</th>
                  <th>Expected</th>
                  <th className="num">Open units</th>
                </tr>
              </thead>
              <tbody>
                {expected.data!.map((p) => (
                  <tr key={p.id}>
                    <td>
                      {/* opened in place: the same PO again (after Escape) would not change the address */}
                      <a href={`#/purchasing/receiving/${p.number}`} onClick={(e) => (e.preventDefault(), void openPo(p.number))}>
                        {p.number}
                      </a>
                    </td>
                    <td>{p.supplierName}</td>
                    <td>
                      {p.expectedOn ?? '—'} {p.overdue ? <span className="pill bad">overdue</span> : null}
                    </td>
                    <td className="num">{formatCount(p.openUnits)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
      {po ? (
        <div className="grid-side">
          <section className="panel" data-testid="receive-open-lines">
            <h3>{po.number} — still to come</h3>
            <table className="table">
              <thead>
                <tr>
                  <th>SKU / supplier SKU</th>
                  <th className="num">Open units</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {po.lines.map((l) => (
                  <tr key={l.lineNo} className={current?.sku === l.sku ? 'selected' : ''}>
                    <td>
                      {l.sku}
                      {l.supplierSku ? <div className="muted">{l.supplierSku}</div> : null}
                    </td>
                    <td className="num">{Math.max(0, l.openQty - countedOf(l.sku))}</td>
                    <td>{l.lotTracked ? <span className="pill" title="Lot-tracked: receiving asks for its lot and expiry date">lot</span> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="panel" data-testid="receive-counted">
            <h3>Counted in this receipt</h3>
            {counted.length === 0 ? <p className="muted">Scan the first item.</p> : null}
            <table className="table">
              <tbody>
                {counted.map((c, i) => (
                  <tr key={i} data-testid={`counted-${c.sku}`}>
                    <td>{c.sku}</td>
                    <td className="num">+{formatCount(c.quantity)}</td>
                    <td>{c.damaged ? `${c.damaged} damaged` : ''}</td>
                    <td>{c.lot ? `lot ${c.lot}${c.expiresOn ? ` · exp ${c.expiresOn}` : ''}` : ''}</td>
                    <td>→ {c.bin}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button onClick={() => void receive()} disabled={counted.length === 0 || busy} data-testid="receive-submit">
              Receive (Ctrl+Enter)
            </button>
          </section>
        </div>
      ) : null}
      {result ? (
        <section className="panel putaway-list" data-testid="putaway-list">
          <h3>
            Put away — receipt {result.receiptId} on {result.po} ({result.status.replace('_', ' ')})
          </h3>
          <table className="table">
            <thead>
              <tr>
                <th>Bin</th>
                <th>SKU</th>
                <th className="num">Quantity</th>
                <th>Lot</th>
                <th>Why this bin</th>
              </tr>
            </thead>
            <tbody>
              {result.putaway.map((p, i) => (
                <tr key={i} data-testid={`putaway-${p.sku}`}>
                  <td>
                    <strong>{p.bin}</strong>
                  </td>
                  <td>
                    {p.sku} <span className="muted">{p.name}</span>
                  </td>
                  <td className="num">{formatCount(p.quantity)}</td>
                  <td>{p.lot ?? ''}</td>
                  <td className="muted">{REASONS[p.reason] ?? p.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.lines.some((l) => l.stillOpen > 0 || l.over > 0 || l.damaged > 0) ? (
            <ul className="muted">
              {result.lines
                .filter((l) => l.stillOpen > 0 || l.over > 0 || l.damaged > 0)
                .map((l) => (
                  <li key={l.sku}>
                    {l.sku}: {[l.over ? `${l.over} over` : '', l.damaged ? `${l.damaged} damaged` : '', l.stillOpen ? `${l.stillOpen} still to come` : ''].filter(Boolean).join(', ')}
                  </li>
                ))}
            </ul>
          ) : null}
          <div className="row">
            <button className="secondary" onClick={() => window.print()}>
              Print list
            </button>
            {labelPrinters.length > 1 ? (
              <select aria-label="Printer for bin labels" value={printer} onChange={(e) => setPrinter(e.target.value)}>
                {labelPrinters.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            ) : null}
            <button className="secondary" onClick={() => void printLabels()} data-testid="putaway-labels">
              Print bin labels
            </button>
            <button className="secondary" onClick={() => navigate(`/purchasing/orders/${result.po}`)}>
              Open {result.po}
            </button>
          </div>
        </section>
      ) : null}
    </div>
  );
}

const REASONS: Record<string, string> = {
  home_bin: 'its home bin',
  last_stocked: 'where it was last stocked',
  nearest_free: 'nearest free pick bin',
  default_bin: 'default bin',
  chosen: 'chosen by the receiver',
};
