import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validationError } from '../../../main/api/registry';
import { fieldErrorsOf, humanFieldName, plainErrorMessage, plainIssueMessage } from '../../../shared/validation-messages';
import { tempApp } from '../../helpers/temp-app';

/** What the console receives for an input a schema refuses: the API's error body, as it crosses the wire. */
function refusal<T>(schema: z.ZodType<T>, input: unknown) {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error('expected a refusal');
  return JSON.parse(JSON.stringify(validationError(parsed.error, input).toJSON()));
}

describe('zod issues in plain words, next to their field', () => {
  it('a missing or empty text field is "required", never zod\'s "Too small: expected string to have >=1 characters"', () => {
    const schema = z.object({ sku: z.string().trim().min(1), note: z.string() }).strict();
    expect(fieldErrorsOf(refusal(schema, { sku: '', note: 'x' }), { sku: 'SKU' })).toEqual({ sku: 'SKU is required' });
    expect(fieldErrorsOf(refusal(schema, { sku: 'A-1' }))).toEqual({ note: 'Note is required' });
  });

  it('numbers: too small (inclusive and exclusive), too big, not a whole number, not a number at all', () => {
    const schema = z.object({ quantity: z.number().int().positive(), copies: z.number().int().min(1).max(500), weightGrams: z.number().int() }).strict();
    const errors = fieldErrorsOf(refusal(schema, { quantity: 0, copies: 900, weightGrams: 2.5 }), { quantity: { label: 'Quantity', whole: true }, copies: 'Copies' });
    expect(errors).toEqual({ quantity: 'Enter a quantity of at least 1', copies: 'Copies must be at most 500', weightGrams: 'Weight must be a whole number' });
    expect(fieldErrorsOf(refusal(schema, { quantity: 'three', copies: 1, weightGrams: 1 }))).toEqual({ quantity: 'Enter a quantity as a number' });
    expect(fieldErrorsOf(refusal(schema, { copies: 0, weightGrams: 1 }))).toEqual({ quantity: 'Quantity is required', copies: 'Copies must be at least 1' });
    // A bound the schema described in its own words is still said with the bound.
    const positiveQty = z.object({ quantity: z.number().int('must be a whole number').positive('must be greater than 0') });
    expect(fieldErrorsOf(refusal(positiveQty, { quantity: 0 }), { quantity: { label: 'Quantity', whole: true } })).toEqual({ quantity: 'Enter a quantity of at least 1' });
    // Without knowing the field takes whole numbers, an exclusive bound is said as it is.
    expect(fieldErrorsOf(refusal(z.object({ price: z.number().positive() }), { price: 0 }))).toEqual({ price: 'Enter a price greater than 0' });
  });

  it('text length, lists, choices, formats and unknown fields', () => {
    const schema = z
      .object({
        name: z.string().max(5),
        lines: z.array(z.object({ sku: z.string() })).min(1),
        kind: z.enum(['shopify', 'woocommerce']),
        email: z.string().email(),
        code: z.string().regex(/^\d+$/),
      })
      .strict();
    const errors = fieldErrorsOf(refusal(schema, { name: 'far too long', lines: [], kind: 'ebay', email: 'nope', code: 'x1', extra: 1 }));
    expect(errors).toEqual({
      name: 'Name can be at most 5 characters',
      lines: 'Add at least 1 item to lines',
      kind: 'Choose kind: one of shopify, woocommerce',
      email: 'Enter an email address like name@example.com',
      code: 'Code is not in the expected form',
      '': 'Not a field here: extra',
    });
    // Nested paths name the field by its last part; the form may label the nested path itself.
    const nested = refusal(z.object({ lines: z.array(z.object({ quantity: z.number().int().min(1) })) }), { lines: [{ quantity: 0 }] });
    expect(fieldErrorsOf(nested)).toEqual({ 'lines.0.quantity': 'Enter a quantity of at least 1' });
  });

  it("a schema's own words are kept, made a sentence about the field", () => {
    const schema = z
      .object({
        delta: z.number().int('must be a whole number').refine((n) => n !== 0, 'must not be 0'),
        reason: z.string().trim().min(1, 'a reason is required'),
        from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
        code: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore'),
        pin: z.string().regex(/^\d{4,12}$/, 'the PIN must be 4 to 12 digits'),
        sku: z.string().min(1, 'SKU is required'),
        lines: z.array(z.string()).min(1, 'an order needs at least one line'),
      })
      .strict();
    const labels = { delta: 'Change', from: 'From', code: 'Xero code' };
    expect(fieldErrorsOf(refusal(schema, { delta: 0, reason: ' ', from: '1.2.2026', code: '63 0', pin: '12', sku: '', lines: [] }), labels)).toEqual({
      delta: 'Change must not be 0',
      reason: 'A reason is required',
      from: 'From must be a date YYYY-MM-DD',
      code: 'Xero code may only use letters, digits, dot, dash or underscore',
      pin: 'The PIN must be 4 to 12 digits',
      sku: 'SKU is required',
      lines: 'An order needs at least one line',
    });
  });

  it('an issue carries its kind and limits, never the value given (a huge unknown key is cut short)', () => {
    const body = refusal(z.object({ note: z.string().max(3) }).strict(), { note: 'secret text', ['k'.repeat(5000)]: 1 });
    expect(JSON.stringify(body)).not.toContain('secret text');
    const [tooLong, unknown] = body.details.issues;
    expect(tooLong).toMatchObject({ path: 'note', code: 'too_big', origin: 'string', maximum: 3 });
    expect(unknown).toMatchObject({ code: 'unrecognized_keys', keys: ['k'.repeat(40)] });
  });

  it('field names read as words when the form gives no label', () => {
    expect(humanFieldName('amountCents')).toBe('Amount');
    expect(humanFieldName('lines.0.toBin')).toBe('To bin');
    expect(humanFieldName('shipping_income')).toBe('Shipping income');
    expect(humanFieldName('shipTo.line1')).toBe('Line 1');
    expect(humanFieldName('url')).toBe('URL');
    expect(plainIssueMessage({ path: 'x', message: 'Invalid input', code: 'invalid_union' })).toBe('X is not valid');
  });

  it("a service's refusal naming its field keeps its own (already plain) message; other errors name no field", () => {
    const byService = { code: 'VALIDATION' as const, message: 'The period ends (2026-01-01) before it starts (2026-02-01)', details: { field: 'to' } };
    expect(fieldErrorsOf(byService)).toEqual({ to: byService.message });
    expect(fieldErrorsOf({ code: 'CONFLICT', message: 'Periods never overlap' })).toEqual({});
    expect(plainErrorMessage({ code: 'CONFLICT', message: 'Periods never overlap' })).toBe('Periods never overlap');
  });
});

describe('through the real API', () => {
  let app: Awaited<ReturnType<typeof tempApp>>;
  beforeAll(async () => {
    app = await tempApp();
    await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug', priceCents: 1200 });
  });
  afterAll(() => app.cleanup());

  it('a stock adjustment of nothing, with no reason, is refused naming both fields in plain words', async () => {
    const res = await app.call('stock.adjust', { sku: 'MUG', delta: 0, reason: '' });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(fieldErrorsOf(res.error, { delta: 'Change' })).toEqual({ delta: 'Change must not be 0', reason: 'A reason is required' });
    // The change left out entirely is "required", not "expected number, received undefined".
    const missing = await app.call('stock.adjust', { sku: 'MUG', reason: 'count' });
    expect(!missing.ok && fieldErrorsOf(missing.error, { delta: 'Change' })).toEqual({ delta: 'Change is required' });
  });
});
