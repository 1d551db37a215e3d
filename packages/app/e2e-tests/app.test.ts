import { expect, test } from '@playwright/test';
import { shot, signIn } from './pages';

test('the app signs in a guest and shows the Pulumi engine', async ({
  page,
}) => {
  await signIn(page);

  await page.getByRole('link', { name: 'Pulumi' }).click();
  await expect(page).toHaveURL(/\/pulumi$/);
  await expect(page.getByText('Pulumi engine')).toBeVisible();
  // The version comes from the real CLI, through the backend's health route.
  await expect(page.getByText(/^v3\.\d+\.\d+$/)).toBeVisible();
  await expect(page.getByText('ready')).toBeVisible();
  await expect(
    page.getByRole('row').filter({ hasText: 'state backends' }),
  ).toContainText('local');

  await shot(page, 'pulumi-page');
});
