import { useState } from 'react';
import { useQuery } from '../../../hooks';

/** The picking screens' warehouse: remembered on this computer, the first one until chosen. */
export function useWarehouse(): [string, (w: string) => void, string[]] {
  const { data } = useQuery('warehouses.list', {});
  const codes = (data ?? []).map((w) => w.code);
  const [warehouse, setWarehouse] = useState(() => localStorage.getItem('shipshape.picking.warehouse') ?? '');
  const chosen = warehouse && codes.includes(warehouse) ? warehouse : (codes[0] ?? '');
  return [chosen, (w) => (localStorage.setItem('shipshape.picking.warehouse', w), setWarehouse(w)), codes];
}
