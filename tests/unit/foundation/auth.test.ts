import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { tempApp } from '../../helpers/temp-app';

describe('station pairing', () => {
  let app: Awaited<ReturnType<typeof tempApp>>;
  const clock = new ManualClock(new Date('2026-11-02T09:00:00Z'));
  beforeEach(async () => {
    app = await tempApp({ clock });
  });
  afterEach(() => app.cleanup());

  it('exchanges a code once for a token that authenticates until revoked', async () => {
    const { code } = await app.invoke('auth.createPairingCode', { name: 'Pack 1', role: 'packer' });
    const paired = await app.invoke('auth.pair', { code });
    expect(paired.role).toBe('packer');
    await expect(app.invoke('auth.pair', { code })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await app.services.auth.authenticate(paired.token)).toMatchObject({ name: 'Pack 1', role: 'packer' });
    expect(await app.services.auth.authenticate(paired.token + 'x')).toBeNull();
    // Only hashes are stored.
    const stored = await app.store.raw<{ token_hash: string }>('select token_hash from station_token');
    expect(stored[0].token_hash).not.toContain(paired.token);
    const [token] = await app.invoke('auth.listTokens', {});
    await app.invoke('auth.revokeToken', { id: token.id });
    expect(await app.services.auth.authenticate(paired.token)).toBeNull();
  });

  it('refuses an expired code', async () => {
    const { code } = await app.invoke('auth.createPairingCode', { name: 'Pack 2', role: 'packer' });
    clock.advance(11 * 60_000);
    await expect(app.invoke('auth.pair', { code })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
