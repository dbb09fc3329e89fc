import type { Clock } from './clock';
import type { EventBus } from './events';
import type { Store } from './store/store';
import type { SecretBox } from './domain/channels/credentials';

// Kept apart from services.ts so that a domain service can name what it is built from without
// importing the composition of every other service (a type cycle through all of main/ before).
/** What every domain service is built from. */
export interface Core {
  store: Store;
  clock: Clock;
  events: EventBus;
  lanMode: boolean;
  /** Seals store credentials at rest (Electron's safeStorage); absent in the CLI and station server. */
  secretBox?: SecretBox | null;
}
