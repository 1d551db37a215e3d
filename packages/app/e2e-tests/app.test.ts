import { expect, test } from '@playwright/test';

test('the app signs in a guest and shows the Pulumi engine', async ({
  page,
}) => {
  await page.goto('/');

  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible({ timeout: 120_000 });
  await enter.click();
  await expect(page.getByText('Stackyard Demo Catalog')).toBeVisible();

  await page.getByRole('link', { name: 'Pulumi' }).click();
  await expect(page).toHaveURL(/\/pulumi$/);
  await expect(page.getByText('Pulumi engine')).toBeVisible();
  // The version comes from the real CLI, through the backend's health route.
  await expect(page.getByText(/^v3\.\d+\.\d+$/)).toBeVisible();
  await expect(page.getByText('ready')).toBeVisible();
  await expect(
    page.getByRole('row').filter({ hasText: 'state backends' }),
  ).toContainText('local');

  await page.screenshot({
    path: 'test-results/screenshots/pulumi-page.png',
    fullPage: true,
  });
});
