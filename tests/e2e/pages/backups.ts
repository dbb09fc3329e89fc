import type { Page } from '@playwright/test';

/** Page object for Settings → Backups. */
export class BackupsPage {
  constructor(readonly page: Page) {}

  panel() {
    return this.page.getByTestId('panel-backups');
  }
  lastWhen() {
    return this.panel().getByTestId('backup-last-when');
  }
  lastPath() {
    return this.panel().getByTestId('backup-last-path');
  }
  lastSize() {
    return this.panel().getByTestId('backup-last-size');
  }
  /** How this shop's backups are taken, when not the SQLite copy (PostgreSQL: pg_dump). */
  methodNote() {
    return this.panel().getByTestId('backup-method-note');
  }
  howToRestore() {
    return this.panel().getByTestId('backup-how-to-restore');
  }
  async backUpNow() {
    await this.panel().getByRole('button', { name: 'Back up now' }).click();
  }
  async chooseFolder(folder: string, keep?: { daily?: number; weekly?: number }) {
    await this.panel().getByLabel('Backup folder').fill(folder);
    if (keep?.daily !== undefined) await this.panel().getByLabel('Daily backups kept').fill(String(keep.daily));
    if (keep?.weekly !== undefined) await this.panel().getByLabel('Weekly backups kept').fill(String(keep.weekly));
    await this.panel().getByRole('button', { name: 'Save' }).click();
  }
}
