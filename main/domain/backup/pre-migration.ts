import { systemClock, type Clock } from '../../clock';
import type { Store } from '../../store/store';
import { backupFileName, backupFolderOf, freshBackupPath, makeFolder } from './backup-files';
import { copyAndVerify } from './copy';

/**
 * Before migrations change an existing database, a verified copy of it goes to the backup folder
 * (`shipshape-…-before-<first pending migration>.sqlite`): should a migration go wrong, the shop
 * restores that file with the previous version. If the copy cannot be made, nothing is migrated.
 */
export async function backupBeforeMigrating(store: Store, pending: string[], clock: Clock = systemClock): Promise<string> {
  const folder = await backupFolderOf({ store });
  try {
    makeFolder(folder);
    const destPath = freshBackupPath(folder, backupFileName(clock.now(), 'pre-migration', pending[0]));
    await copyAndVerify({ sourcePath: store.path, destPath, nativeBinding: store.nativeBinding });
    return destPath;
  } catch (error) {
    throw new Error(
      `Could not back up the database to ${folder} before migrating it (${pending.join(', ')}): ${(error as Error).message}. Nothing was changed; free some space or choose another backup folder, then start again.`,
      { cause: error },
    );
  }
}
