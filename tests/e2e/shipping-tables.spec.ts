import { ShellPage } from './pages/shell';
import { expect, test } from './station';

const csv = (text: string) => ({ name: 'table.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });

test('Settings → Zone charts and rate cards: each import row takes its CSV and shows its own report', async ({ page, station }) => {
  const shell = new ShellPage(page);
  await shell.open(station.url, 'settings/shipping');
  const panel = page.getByTestId('panel-shipping-tables');
  await panel.getByLabel('Import carrier').selectOption('usps');

  await panel.getByLabel('Zone chart CSV').setInputFiles(csv('origin_prefix,dest_prefix,zone\n100,200,5\n100,201,5\n'));
  await expect(panel.getByText('2 rows imported.')).toBeVisible();

  // A rate card needs a service first; a bad row is reported under its own row, the zone chart's report stays.
  await expect(panel.getByLabel('Rate card CSV')).toBeDisabled();
  await panel.getByLabel('Import service').selectOption({ index: 1 });
  await panel.getByLabel('Rate card CSV').setInputFiles(csv('zone,max_weight_g,price\n5,500,five\n'));
  await expect(panel.getByTestId('import-errors')).toContainText('row 2');
  await expect(panel.getByText('2 rows imported.')).toBeVisible();
  await panel.getByLabel('Rate card CSV').setInputFiles(csv('zone,max_weight_g,price\n5,500,5.00\n5,1000,6.50\n5,2000,8.00\n'));
  await expect(panel.getByText('3 rows imported.')).toBeVisible();
  await expect(panel.getByTestId('import-errors')).toHaveCount(0);
});
