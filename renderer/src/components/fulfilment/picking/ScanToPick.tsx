import { useScanToPick } from './useScanToPick';
import { formatCount } from '../../../../../shared/money';

/**
 * Scan-to-pick for a handheld: one big input, one question at a time (bin → item → quantity).
 * Enter submits; a wrong scan is refused with the answer to the question.
 */
export function ScanToPick({ batchId, navigate }: { batchId: number; navigate(path: string): void }) {
  const { step, task, phase, value, setValue, problem, input, submit, prompt } = useScanToPick(batchId);
  return (
    <section className="screen scan-pick" data-testid="scan-to-pick">
      <div className="row">
        <a href={`#/picking/batch/${batchId}`}>← Batch {batchId}</a>
        <span className="spacer" />
        {step ? (
          <span className="muted" data-testid="pick-progress">
            {formatCount(step.total - step.remaining)}/{formatCount(step.total)} picked
          </span>
        ) : null}
      </div>
      {step?.message ? (
        <p className="scan-message" data-testid="pick-message">
          {step.message}
        </p>
      ) : null}
      {problem ? (
        <p className="scan-refused" role="alert" data-testid="pick-refused">
          {problem}
        </p>
      ) : null}
      {step?.done ? (
        <div className="panel">
          <p className="scan-big" data-testid="pick-done">
            All picked ✓
          </p>
          <button className="primary" onClick={() => navigate('picking')}>
            Back to batches
          </button>
        </div>
      ) : task ? (
        <div className="panel">
          <div className="scan-big mono" data-testid="pick-bin">
            {task.bin}
          </div>
          <div className="scan-task">
            <strong>{task.qty - task.pickedQty}</strong> × {task.sku} — {task.name}
            {task.lot ? ` · lot ${task.lot}` : ''} → tote <strong>{task.tote}</strong>
          </div>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <label className="muted" htmlFor="pick-input" data-testid="pick-prompt">
              {prompt}
            </label>
            <input
              id="pick-input"
              ref={input}
              className="big-input"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              autoFocus
              autoComplete="off"
              inputMode={phase === 'qty' ? 'numeric' : 'text'}
              data-testid="pick-input"
            />
          </form>
        </div>
      ) : null}
    </section>
  );
}
