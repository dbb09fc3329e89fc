import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Router } from '../../../main/api/registry';
import { createRouter } from '../../../main/api/index';
import { tempApp } from '../../helpers/temp-app';

describe('API router', () => {
  let app: Awaited<ReturnType<typeof tempApp>>;
  beforeEach(async () => {
    app = await tempApp();
  });
  afterEach(() => app.cleanup());

  it('implements every contract method', () => {
    expect(createRouter().missingHandlers()).toEqual([]);
  });

  it('refuses a duplicate method name', () => {
    const router = new Router();
    router.register({ 'system.info': () => ({}) });
    expect(() => router.register({ 'system.info': () => ({}) })).toThrow(/registered twice/);
  });

  it('answers an unknown method with a typed error', async () => {
    const res = await app.call('orders.teleport', {});
    expect(res).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNKNOWN_METHOD' }) });
  });

  it('validates input before the handler runs and names the field', async () => {
    const res = await app.call('auth.createPairingCode', { name: 42 });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('VALIDATION');
      expect(res.error.message).toContain('name');
      expect(JSON.stringify(res.error)).not.toMatch(/at .*\.ts:\d+/); // never a stack
    }
    expect((await app.store.raw<{ n: number }>('select count(*) as n from pairing_code'))[0].n).toBe(0);
  });

  it('limits methods by role', async () => {
    const res = await app.call('auth.listTokens', {}, { role: 'packer', actor: 'station:A' });
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
