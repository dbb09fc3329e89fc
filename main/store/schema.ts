import type { Generated, Insertable, Selectable } from 'kysely';

/** Table types. Row types are derived (Selectable/Insertable) rather than written twice. */

export interface SettingTable {
  key: string;
  value: string;
}

export interface StationTokenTable {
  id: Generated<number>;
  name: string;
  role: 'owner' | 'packer' | 'picker';
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface PairingCodeTable {
  code_hash: string;
  name: string;
  role: 'owner' | 'packer' | 'picker';
  expires_at: string;
  used_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  detail: string | null;
}

export interface DB {
  setting: SettingTable;
  station_token: StationTokenTable;
  pairing_code: PairingCodeTable;
  audit_log: AuditLogTable;
}

export type StationTokenRow = Selectable<StationTokenTable>;
export type NewAuditLog = Insertable<AuditLogTable>;
