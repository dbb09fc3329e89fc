import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { StationTokenDto } from '../../../shared/api/system';
import type { Role } from '../../../shared/api/contract';
import { AppError, notFound } from '../../../shared/errors';
import type { Core } from '../../core';

const PAIRING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: read aloud across a warehouse
const PAIRING_TTL_MS = 10 * 60_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface StationIdentity {
  tokenId: number;
  name: string;
  role: Role;
}

/** Station pairing: one-time codes exchanged for bearer tokens, both stored only as hashes. */
export class AuthService {
  constructor(private readonly core: Core) {}

  async createPairingCode(name: string, role: Role): Promise<{ code: string; expiresAt: string }> {
    const code = Array.from({ length: 8 }, () => PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)]).join('');
    const expiresAt = new Date(this.core.clock.now().getTime() + PAIRING_TTL_MS).toISOString();
    const { store } = this.core;
    await store.run(store.kysely.insertInto('pairing_code').values({ code_hash: sha256(code), name, role, expires_at: expiresAt, used_at: null }));
    return { code, expiresAt };
  }

  /** Consumes a pairing code exactly once (conditional update) and issues a token. */
  async pair(code: string): Promise<{ token: string; name: string; role: Role }> {
    const { store, clock } = this.core;
    const now = clock.now().toISOString();
    return await store.tx(async () => {
      const hash = sha256(code.trim().toUpperCase());
      const row = await store.get(store.kysely.selectFrom('pairing_code').selectAll().where('code_hash', '=', hash));
      const claimed = await store.run(
        store.kysely
          .updateTable('pairing_code')
          .set({ used_at: now })
          .where('code_hash', '=', hash)
          .where('used_at', 'is', null)
          .where('expires_at', '>', now),
      );
      if (!row || claimed.changes !== 1) throw new AppError('UNAUTHORIZED', 'Pairing code is unknown, used or expired');
      const token = `ss_${randomBytes(24).toString('base64url')}`;
      await store.run(
        store.kysely.insertInto('station_token').values({
          name: row.name,
          role: row.role,
          token_hash: sha256(token),
          created_at: now,
          last_used_at: null,
          revoked_at: null,
        }),
      );
      return { token, name: row.name, role: row.role };
    });
  }

  /** Resolves a bearer token to its station, or null when unknown or revoked. */
  async authenticate(token: string | undefined): Promise<StationIdentity | null> {
    if (!token) return null;
    const { store } = this.core;
    const row = await store.get(
      store.kysely.selectFrom('station_token').select(['id', 'name', 'role']).where('token_hash', '=', sha256(token)).where('revoked_at', 'is', null),
    );
    if (!row) return null;
    await store.run(store.kysely.updateTable('station_token').set({ last_used_at: this.core.clock.now().toISOString() }).where('id', '=', row.id));
    return { tokenId: row.id, name: row.name, role: row.role };
  }

  async listTokens(): Promise<StationTokenDto[]> {
    const { store } = this.core;
    return (await store.all(store.kysely.selectFrom('station_token').selectAll().orderBy('id'))).map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    }));
  }

  async revokeToken(id: number): Promise<{ revoked: boolean }> {
    const { store } = this.core;
    const res = await store.run(
      store.kysely.updateTable('station_token').set({ revoked_at: this.core.clock.now().toISOString() }).where('id', '=', id).where('revoked_at', 'is', null),
    );
    if (res.changes === 0 && !await store.get(store.kysely.selectFrom('station_token').select('id').where('id', '=', id))) throw notFound(`Station token ${id}`);
    return { revoked: res.changes === 1 };
  }
}
