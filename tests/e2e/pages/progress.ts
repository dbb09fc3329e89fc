import type { Page } from '@playwright/test';

/** Page object for the jobs-in-progress bars in the status bar (renderer/src/components/ProgressBar.tsx). */
export class ProgressBarArea {
  constructor(readonly page: Page) {}

  /** The bar of a running (or just finished) job of this kind. */
  job(kind: 'product-import' | 'order-import' | 'export' | 'batch-labels' | 'backup') {
    return this.page.locator(`[data-testid="progress-job"][data-kind="${kind}"]`);
  }
  count(kind: Parameters<ProgressBarArea['job']>[0]) {
    return this.job(kind).getByTestId('progress-count');
  }
  bar(kind: Parameters<ProgressBarArea['job']>[0]) {
    return this.job(kind).locator('progress');
  }
}
