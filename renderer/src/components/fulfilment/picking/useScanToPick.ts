import { useEffect, useRef, useState } from 'react';
import type { PickStepDto } from '../../../../../shared/api/fulfilment';
import { call } from '../../../bridge';

export type PickPhase = 'bin' | 'item' | 'qty';

/**
 * The scan-to-pick conversation: bin → item → quantity, one answer per Enter. The server says
 * whether the current pick's bin is already scanned — also when the previous pick was in the same
 * bin, so one bin scan serves consecutive picks there.
 */
export function useScanToPick(batchId: number) {
  const [step, setStep] = useState<PickStepDto | null>(null);
  const [phase, setPhase] = useState<PickPhase>('bin');
  const [itemCode, setItemCode] = useState('');
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const show = (next: PickStepDto) => {
    setStep(next);
    setPhase(next.task?.binScanned ? 'item' : 'bin');
  };
  useEffect(() => {
    void call('picking.next', { batchId }).then(show);
  }, [batchId]);
  useEffect(() => input.current?.focus(), [step, phase, problem]);
  const task = step?.task ?? null;

  const submit = async () => {
    if (!task) return;
    const v = value.trim();
    setValue('');
    try {
      if (phase === 'bin') {
        setStep(await call('picking.scanBin', { taskId: task.id, code: v }, { shownInline: () => true }));
        setPhase('item');
      } else if (phase === 'item') {
        setStep(await call('picking.scanItem', { taskId: task.id, code: v }, { shownInline: () => true }));
        setItemCode(v);
        setPhase('qty');
      } else {
        const qty = v === '' ? task.qty - task.pickedQty : Number(v);
        show(await call('picking.confirm', { taskId: task.id, code: itemCode, qty }, { shownInline: () => true }));
      }
      setProblem(null);
    } catch (err) {
      setProblem((err as Error).message);
    }
  };

  const prompt = !task
    ? ''
    : phase === 'bin'
      ? `Go to ${task.bin} and scan the bin`
      : phase === 'item'
        ? `Scan ${task.sku}`
        : `How many in tote ${task.tote}? (Enter = ${task.qty - task.pickedQty})`;
  return { step, task, phase, value, setValue, problem, input, submit, prompt };
}
