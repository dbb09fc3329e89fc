import type { PrintJobDto } from '../../shared/api/devices';
import { UsageError, type CliCommand } from './command';

const wholeNumber = (name: string, v: unknown): number => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be a whole number, got "${v ?? ''}"`);
  return n;
};

/** `--label 102x152mm`, `--label 4x6in` (or no unit: mm) → whole millimetres. */
export function parseLabelSize(text: string): { labelWidthMm: number; labelHeightMm: number } {
  const m = /^(\d+(?:\.\d+)?)\s*x\s*(\d+(?:\.\d+)?)\s*(mm|in)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`--label must look like 102x152mm or 4x6in, got "${text}"`);
  const factor = m[3]?.toLowerCase() === 'in' ? 25.4 : 1;
  return { labelWidthMm: Math.round(Number(m[1]) * factor), labelHeightMm: Math.round(Number(m[2]) * factor) };
}

const jobLine = (j: PrintJobDto) => `${String(j.id).padStart(6)}  ${j.printer.padEnd(20)} ${j.state.padEnd(9)} ${j.kind.padEnd(14)} ${j.reference ?? ''}${j.error ? `  (${j.attempts} attempts: ${j.error})` : ''}`;

export const devicesCommands: CliCommand[] = [
  {
    name: 'printers add',
    usage: 'printers add --name NAME --language zpl|escpos|pdf --uri tcp://HOST:PORT|system://QUEUE [--dpi N] [--label WxHmm] [--darkness N]',
    summary: 'Add (or update) a network printer',
    options: { name: { type: 'string' }, language: { type: 'string' }, uri: { type: 'string' }, dpi: { type: 'string' }, label: { type: 'string' }, darkness: { type: 'string' } },
    async run({ values }, ctx) {
      if (typeof values.name !== 'string' || typeof values.uri !== 'string') throw new UsageError('--name and --uri are required');
      const language = values.language ?? 'zpl';
      if (language !== 'zpl' && language !== 'escpos' && language !== 'pdf') throw new UsageError('--language must be zpl, escpos or pdf (a system printer: --uri system://QUEUE)');
      const app = await ctx.openApp();
      const printer = await app.invoke(
        'printers.upsert',
        {
          name: values.name,
          language,
          uri: values.uri,
          ...(values.dpi !== undefined ? { dpi: wholeNumber('dpi', values.dpi) as 203 } : {}),
          ...(typeof values.label === 'string' ? parseLabelSize(values.label) : {}),
          ...(values.darkness !== undefined ? { darkness: wholeNumber('darkness', values.darkness) } : {}),
        },
        { transport: 'cli', actor: 'cli' },
      );
      ctx.out(printer, `Printer ${printer.name} saved (${printer.language}, ${printer.uri}, ${printer.dpi} dpi, ${printer.labelWidthMm}×${printer.labelHeightMm} mm)`);
    },
  },
  {
    name: 'printers list',
    summary: 'Printers with their last known status',
    async run(_args, ctx) {
      const app = await ctx.openApp();
      const printers = await app.invoke('printers.list', {}, { transport: 'cli' });
      const rows = printers.map((p) => ({ name: p.name, language: p.language, uri: p.uri, status: p.status.state, problems: p.status.problems, pending: p.pending }));
      ctx.out(rows, rows.map((p) => `${p.name.padEnd(24)} ${p.language.padEnd(7)} ${p.uri.padEnd(28)} ${p.status}${p.problems.length ? ` (${p.problems.join(', ')})` : ''}`).join('\n') || 'No printers');
    },
  },
  {
    name: 'print test',
    usage: 'print test --printer NAME [--wait] [--timeout SECONDS]',
    summary: 'Print a test label; --wait sends it now and waits until it is done or failed',
    options: { printer: { type: 'string' }, wait: { type: 'boolean' }, timeout: { type: 'string' } },
    async run({ values }, ctx) {
      if (typeof values.printer !== 'string') throw new UsageError('--printer NAME is required');
      const app = await ctx.openApp();
      const job = await app.invoke('printers.testPrint', { name: values.printer }, { transport: 'cli', actor: 'cli' });
      if (!values.wait) {
        ctx.out(job, `Test label queued as job ${job.id}; the running app (desktop or serve) sends it`);
        return 0;
      }
      const timeoutMs = (values.timeout === undefined ? 30 : wholeNumber('timeout', values.timeout)) * 1000;
      const final = await sendNowAndWait(app, job, timeoutMs);
      const human =
        final.state === 'done'
          ? `Test label sent to ${final.printer} (job ${final.id})`
          : `Job ${final.id} is ${final.state}${final.error ? `: ${final.error}` : ''}${final.state === 'queued' ? ' (the running app keeps retrying)' : ''}`;
      ctx.out(final, human);
      return final.state === 'done' ? 0 : 1;
    },
  },
  {
    name: 'print bin-labels',
    usage: 'print bin-labels --warehouse CODE [--zone Z] --printer NAME',
    summary: 'Queue a label for every bin of a warehouse (or zone), in pick-sequence order',
    options: { warehouse: { type: 'string' }, zone: { type: 'string' }, printer: { type: 'string' } },
    async run({ values }, ctx) {
      if (typeof values.warehouse !== 'string' || typeof values.printer !== 'string') throw new UsageError('--warehouse CODE and --printer NAME are required');
      const app = await ctx.openApp();
      const batch = await app.invoke(
        'print.binLabels',
        { warehouse: values.warehouse, zone: values.zone as string | undefined, printer: values.printer },
        { transport: 'cli', actor: 'cli' },
      );
      ctx.out(batch, `${batch.count} bin labels queued for ${values.printer} (jobs ${batch.jobIds[0]}–${batch.jobIds.at(-1)})`);
    },
  },
  {
    name: 'print jobs',
    usage: 'print jobs [--printer NAME] [--state queued|sending|done|failed|cancelled] [--limit N] [--json]',
    summary: 'The print queue and history, newest first',
    options: { printer: { type: 'string' }, state: { type: 'string' }, limit: { type: 'string' } },
    async run({ values }, ctx) {
      const app = await ctx.openApp();
      const jobs = await app.invoke(
        'printJobs.list',
        {
          printer: values.printer as string | undefined,
          state: values.state as 'queued' | undefined,
          limit: values.limit === undefined ? 100 : wholeNumber('limit', values.limit),
        },
        { transport: 'cli' },
      );
      const rows = jobs.map((j) => ({ id: j.id, printer: j.printer, state: j.state, attempts: j.attempts, error: j.error, kind: j.kind, reference: j.reference, createdAt: j.createdAt, sentAt: j.sentAt }));
      ctx.out(rows, jobs.map(jobLine).join('\n') || 'No print jobs');
    },
  },
  {
    name: 'scales add',
    usage: 'scales add --name NAME --protocol nci|mt-sics|continuous|usb-hid --port PATH|VID:PID [--baud N]',
    summary: 'Add (or update) a serial scale, or a USB HID scale (--port is its vendor:product id, e.g. 0922:8003)',
    options: { name: { type: 'string' }, protocol: { type: 'string' }, port: { type: 'string' }, baud: { type: 'string' } },
    async run({ values }, ctx) {
      if (typeof values.name !== 'string' || typeof values.port !== 'string') throw new UsageError('--name and --port are required');
      const protocol = values.protocol;
      if (protocol !== 'nci' && protocol !== 'mt-sics' && protocol !== 'continuous' && protocol !== 'usb-hid') throw new UsageError('--protocol must be nci, mt-sics, continuous or usb-hid');
      const app = await ctx.openApp();
      const scale = await app.invoke(
        'scales.upsert',
        { name: values.name, protocol, port: values.port, ...(values.baud !== undefined ? { baud: wholeNumber('baud', values.baud) } : {}) },
        { transport: 'cli', actor: 'cli' },
      );
      ctx.out(scale, `Scale ${scale.name} saved (${scale.protocol} on ${scale.port} at ${scale.baud} baud)`);
    },
  },
  {
    name: 'scales list',
    summary: 'Scales and their latest reading',
    async run(_args, ctx) {
      const app = await ctx.openApp();
      const scales = await app.invoke('scales.list', {}, { transport: 'cli' });
      ctx.out(scales, scales.map((s) => `${s.name.padEnd(20)} ${s.protocol.padEnd(10)} ${s.port}${s.reading ? `  ${s.reading.grams} g ${s.reading.status}` : ''}`).join('\n') || 'No scales');
    },
  },
  {
    name: 'scales read',
    usage: 'scales read NAME [--json]',
    summary: 'Read a scale: grams, stable, status',
    positionals: 'any',
    async run({ positionals }, ctx) {
      if (positionals.length !== 1) throw new UsageError('give exactly one scale NAME');
      const app = await ctx.openApp();
      const reading = await app.invoke('scales.read', { name: positionals[0] }, { transport: 'cli' });
      ctx.out(reading, `${reading.grams} g  ${reading.stable ? 'stable' : 'unstable'}  ${reading.status}${reading.message ? `  (${reading.message})` : ''}`);
      return reading.status === 'error' ? 1 : 0;
    },
  },
];

/** Runs this process's queue sender for the job's printer until the job is finished (or the timeout). */
async function sendNowAndWait(app: Awaited<ReturnType<Parameters<CliCommand['run']>[1]['openApp']>>, job: PrintJobDto, timeoutMs: number): Promise<PrintJobDto> {
  const { queue, registry } = app.services.devices;
  await queue.start({ printerIds: [(await registry.printer(job.printer)).id] });
  try {
    return await queue.waitFor(job.id, timeoutMs);
  } finally {
    await queue.stop();
  }
}
