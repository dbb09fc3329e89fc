import { chmodSync, existsSync } from 'node:fs';
import type { ChannelCredentials } from './connector';

/**
 * Seals secrets at rest. The desktop app passes one built on Electron's `safeStorage` (the OS
 * keychain: Keychain, DPAPI, libsecret) when `safeStorage.isEncryptionAvailable()`; the station
 * server and the CLI have none, and then credentials are kept as they are in the database, whose
 * file (and -wal/-shm) is made readable by the owner's user account only.
 */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export type CredentialStorage = 'safeStorage' | 'database';

/** The secret parts of credentials, as stored (the URL is kept in its own column, not secret). */
interface StoredSecrets {
  token?: string;
  key?: string;
  secret?: string;
}

export function sealCredentials(credentials: ChannelCredentials, box: SecretBox | null): { sealed: string; storage: CredentialStorage } {
  const secrets: StoredSecrets = { token: credentials.token, key: credentials.key, secret: credentials.secret };
  const json = JSON.stringify(secrets);
  return box ? { sealed: box.seal(json), storage: 'safeStorage' } : { sealed: json, storage: 'database' };
}

export function openCredentials(url: string, sealed: string, storage: CredentialStorage, box: SecretBox | null): ChannelCredentials {
  if (storage === 'safeStorage' && !box) {
    // Sealed by the desktop app's keychain; this process (CLI, station server) cannot open it.
    throw new Error('the credentials are encrypted with the system keychain of the desktop app; run the sync from the app or reconnect here');
  }
  const secrets = JSON.parse(storage === 'safeStorage' ? box!.open(sealed) : sealed) as StoredSecrets;
  return { url, ...secrets };
}

/** The only part of a credential ever shown back: its last 4 characters (of the token, else the secret). */
export function credentialHint(credentials: ChannelCredentials): string {
  const secret = credentials.token ?? credentials.secret ?? credentials.key ?? '';
  return secret.slice(-4);
}

/**
 * Plain words for the UI: where the credentials live. A SQLite file is made readable by the
 * owner's account only (restrictDatabaseFile); a PostgreSQL database has no file here: whoever may
 * log in to it as the shop's database role can read them.
 */
export function storageNote(storage: CredentialStorage, engine: 'sqlite' | 'postgres' = 'sqlite'): string {
  if (storage === 'safeStorage') return 'encrypted with the system keychain';
  return engine === 'postgres' ? "stored in the database, readable by anyone who can sign in to it with the shop's database role" : 'stored in the database, readable only by your user account';
}

/**
 * Without a keychain the credentials sit in the database as they are: the database file and its
 * WAL and shared-memory files become readable and writable by the owner's account only (0600).
 * Not on Windows, where POSIX modes mean nothing (the user-data folder is per-user there).
 */
export function restrictDatabaseFile(dbPath: string, engine: 'sqlite' | 'postgres' = 'sqlite'): void {
  // PostgreSQL: no file of ours (the server's data directory is its own, guarded by its roles).
  if (engine !== 'sqlite' || process.platform === 'win32' || !dbPath || dbPath === ':memory:') return;
  for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}
