import { expect, test } from './station';
import { ShellPage } from './pages/shell';

test("bookkeeping accounts: the owner sets Xero's account codes and how goods receipts are booked", async ({ page, station }) => {
  const shell = new ShellPage(page);
  await shell.open(station.url, 'reports');
  const accounts = page.getByTestId('bookkeeping-accounts');
  await accounts.getByText('Accounts, Xero codes and purchases').click();
  // Defaults from Xero's default chart of accounts.
  await expect(accounts.getByLabel('Xero code: Sales', { exact: true })).toHaveValue('200');
  await expect(accounts.getByLabel('Account name: Received, not yet billed')).toHaveValue('Goods Received Not Invoiced');

  await accounts.getByLabel('Xero code: Sales', { exact: true }).fill('4000');
  await accounts.getByLabel('Receipts booked against').selectOption('payable');
  await accounts.getByRole('button', { name: 'Save accounts' }).click();
  await expect(page.getByTestId('toast-success').filter({ hasText: 'Bookkeeping accounts saved' })).toHaveCount(1);
  expect(await station.api('accounting.settings', {})).toMatchObject({ codes: { sales: '4000', shipping_income: '260' }, receiptsAgainst: 'payable' });

  // A code Xero could not hold is refused next to its field, naming the account in plain words (no toast repeats it).
  await accounts.getByLabel('Xero code: Inventory').fill('63 0');
  await accounts.getByRole('button', { name: 'Save accounts' }).click();
  await expect(accounts.getByTestId('field-error-codes.inventory')).toHaveText('The Xero code for “Inventory” may only use letters, digits, dot, dash or underscore');
  await expect(accounts.getByLabel('Xero code: Inventory')).toHaveAttribute('aria-invalid', 'true');
  await expect(shell.errorToast()).toHaveCount(0);
});
