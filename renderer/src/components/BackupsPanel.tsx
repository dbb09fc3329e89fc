import { useEffect, useState } from 'react';
import type { BackupStatusDto } from '../../../shared/api/backup';
import { call } from '../bridge';
import { useQuery } from '../hooks';
import { shopDateTime, useShopTimeZone } from './shop-time';
import { useToast } from './Toasts';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/**
 * Settings → Backups: the last backup (when, where, size, verified), "Back up now", the folder
 * (a NAS or a USB disk) and how many to keep, and how to restore one.
 */
export function BackupsPanel() {
  const notify = useToast();
  const status = useQuery('backup.status', {}, ['backup.']);
  const zone = useShopTimeZone();
  const when = (iso: string) => shopDateTime(iso, zone);
  const [folder, setFolder] = useState('');
  const [keepDaily, setKeepDaily] = useState('');
  const [keepWeekly, setKeepWeekly] = useState('');
  const [busy, setBusy] = useState(false);
  const s: BackupStatusDto | undefined = status.data;
  useEffect(() => {
    if (!s) return;
    setFolder(s.folder);
    setKeepDaily(String(s.keepDaily));
    setKeepWeekly(String(s.keepWeekly));
  }, [s?.folder, s?.keepDaily, s?.keepWeekly]);
  if (!s) return null;

  const backUpNow = async () => {
    setBusy(true);
    try {
      const result = await call('backup.run', {});
      notify(result.verified ? 'success' : 'error', result.verified ? `Backed up: ${formatBytes(result.bytes)}` : 'Backed up, but the copy did not pass every check');
      void status.reload();
    } catch {
      // the shell already shows every API error
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    try {
      await call('backup.configure', { folder: folder.trim() === s.defaultFolder ? null : folder.trim() || null, keepDaily: Number(keepDaily), keepWeekly: Number(keepWeekly) });
      notify('success', 'Backup settings saved');
      void status.reload();
    } catch {
      // the shell already shows every API error
    }
  };

  return (
    <div className="panel" data-testid="panel-backups">
      <h2>Backups</h2>
      <p className="muted">
        A verified copy of the database is made every day while the app runs (and before every update of its database), without stopping order intake.
        Keep the folder on another disk: a NAS or a USB disk.
      </p>
      {/* How this shop's backups are taken when it is not the SQLite copy (PostgreSQL: pg_dump files, restored with pg_restore). */}
      {s.note && (
        <p className="muted" data-testid="backup-method-note">
          {s.note}
        </p>
      )}
      {s.lastError && (
        <p className="error" role="alert" data-testid="backup-error">
          The last backup failed ({when(s.lastError.at)}): {s.lastError.message}
        </p>
      )}
      <dl className="facts" data-testid="backup-last">
        <dt>Last backup</dt>
        <dd data-testid="backup-last-when">{s.last ? `${when(s.last.takenAt)}${s.last.verified ? ', verified' : ', NOT verified'}` : 'Never'}</dd>
        {s.last && (
          <>
            <dt>Where</dt>
            <dd data-testid="backup-last-path">{s.last.path}</dd>
            <dt>Size</dt>
            <dd data-testid="backup-last-size">{formatBytes(s.last.bytes)}</dd>
          </>
        )}
        <dt>Next daily backup</dt>
        <dd>{when(s.nextScheduledAt)}</dd>
        <dt>Kept</dt>
        <dd>
          {s.backups.length} backup{s.backups.length === 1 ? '' : 's'} in the folder
        </dd>
      </dl>
      <div className="row actions-row">
        <button onClick={() => void backUpNow()} disabled={busy || s.running}>
          {busy || s.running ? 'Backing up…' : 'Back up now'}
        </button>
      </div>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          Backup folder <input aria-label="Backup folder" size={40} value={folder} onChange={(e) => setFolder(e.target.value)} placeholder={s.defaultFolder} />
        </label>
        <label>
          Daily backups kept <input aria-label="Daily backups kept" type="number" min={0} max={366} value={keepDaily} onChange={(e) => setKeepDaily(e.target.value)} />
        </label>
        <label>
          Weekly backups kept <input aria-label="Weekly backups kept" type="number" min={0} max={520} value={keepWeekly} onChange={(e) => setKeepWeekly(e.target.value)} />
        </label>
        <button type="submit" className="secondary">
          Save
        </button>
      </form>
      {s.method === 'pg_dump' ? (
        <p className="muted" data-testid="backup-how-to-restore">
          To restore a backup, stop Shipshape (the desktop app and every station server), then run <code>pg_restore --clean --if-exists --no-owner --dbname=URL FILE</code>{' '}
          against the shop database.
        </p>
      ) : (
        <p className="muted" data-testid="backup-how-to-restore">
          To restore a backup, stop Shipshape (the desktop app and any station server), then run <code>shipshape restore FILE</code>. It checks the file first and keeps the
          current database aside.
        </p>
      )}
    </div>
  );
}
