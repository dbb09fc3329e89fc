import { z } from 'zod';
import { method } from './contract';

export interface SystemInfo {
  name: 'Shipshape';
  version: string;
  databasePath: string;
  schemaVersion: string;
  migrations: number;
  counts: Record<string, number>;
  transport?: string;
  lanMode: boolean;
}

export interface StationTokenDto {
  id: number;
  name: string;
  role: 'owner' | 'packer' | 'picker';
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const systemApi = {
  /** Version, database path, schema version and row counts: what `shipshape info` prints. */
  'system.info': method<SystemInfo>()(z.object({}).strict(), { description: 'Version, database, schema and counts' }),
  /** Creates a one-time pairing code (valid 10 minutes) that a station exchanges for a token. */
  'auth.createPairingCode': method<{ code: string; expiresAt: string }>()(
    z.object({ name: z.string().trim().min(1).max(60), role: z.enum(['owner', 'packer', 'picker']).default('packer') }).strict(),
    { description: 'Create a one-time pairing code for a station', roles: ['owner'] },
  ),
  /** Exchanges a pairing code for a station token. The only method callable without a token. */
  'auth.pair': method<{ token: string; name: string; role: 'owner' | 'packer' | 'picker' }>()(
    z.object({ code: z.string().trim().min(4).max(32) }).strict(),
    { description: 'Exchange a pairing code for a station token', public: true },
  ),
  'auth.listTokens': method<StationTokenDto[]>()(z.object({}).strict(), { description: 'List station tokens', roles: ['owner'] }),
  'auth.revokeToken': method<{ revoked: boolean }>()(z.object({ id: z.number().int().positive() }).strict(), {
    description: 'Revoke a station token',
    roles: ['owner'],
  }),
};
