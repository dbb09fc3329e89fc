import { Batches } from '../components/fulfilment/picking/Batches';
import { ScanToPick } from '../components/fulfilment/picking/ScanToPick';
import { Shortages } from '../components/fulfilment/picking/Shortages';
import { Slotting } from '../components/fulfilment/picking/Slotting';
import type { ScreenProps } from './index';

const TABS = [
  { path: 'picking', label: 'Batches', match: (p: string[]) => p.length === 0 || p[0] === 'batch' },
  { path: 'picking/shortages', label: 'Shortages', match: (p: string[]) => p[0] === 'shortages' },
  { path: 'picking/slotting', label: 'Slotting', match: (p: string[]) => p[0] === 'slotting' },
];

/**
 * Picking. Routes: '#/picking' (batches + create), '#/picking/batch/<id>' (pick list in route
 * order), '#/picking/scan/<id>' (scan-to-pick: one step at a time, big input, for a handheld
 * browser on the station server), '#/picking/shortages', '#/picking/slotting'.
 */
export function PickingScreen({ params, navigate }: ScreenProps) {
  if (params[0] === 'scan' && params[1]) return <ScanToPick batchId={Number(params[1])} navigate={navigate} />;
  return (
    <section className="screen picking-screen">
      <h1>Picking</h1>
      <nav className="tabs" aria-label="Picking views">
        {TABS.map((t) => (
          <a key={t.path} href={`#/${t.path}`} className={t.match(params) ? 'active' : ''} aria-current={t.match(params) ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {params[0] === 'shortages' ? <Shortages /> : params[0] === 'slotting' ? <Slotting /> : <Batches selected={params[0] === 'batch' ? Number(params[1]) : undefined} navigate={navigate} />}
    </section>
  );
}
