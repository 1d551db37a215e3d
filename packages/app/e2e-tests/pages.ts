import { expect, Page, test } from '@playwright/test';

// What every spec does on a page, in either app (the projects of playwright.config.ts).

/** Signs the guest in; later page loads sign the guest in again by themselves. */
export async function signIn(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  // The first page of a run waits for the app's dev server to compile.
  await expect(enter).toBeVisible({ timeout: 180_000 });
  await enter.click();
  await expect(page.getByText('Stackyard Demo Catalog')).toBeVisible();
}

/** The Pulumi stacks card of an entity page. */
export function pulumiStacksCard(page: Page) {
  return page.locator('article, .MuiCard-root').filter({
    hasText: 'Pulumi stacks',
  });
}

/** A screenshot of the page, under test-results/screenshots/<app>/, for a person to look at. */
export function shot(page: Page, name: string, fullPage = true) {
  return page.screenshot({
    path: `test-results/screenshots/${test.info().project.name}/${name}.png`,
    fullPage,
  });
}

/**
 * Opens one of an entity page's tabs: tabs in the legacy app, links of its content navigation in the new
 * frontend system's catalog.
 */
export async function openEntityTab(page: Page, name: string) {
  const legacy = page
    .getByRole('tablist', { name: 'tabs' })
    .getByRole('tab', { name, exact: true });
  const current = page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name, exact: true });
  await legacy.or(current).click();
}

/** Picks the guests group in a template form's owner picker. */
export async function pickGuestsAsOwner(page: Page) {
  await page.getByRole('textbox', { name: /^Owner/ }).fill('guests');
  await page
    .getByRole('option', { name: /guests/ })
    .first()
    .click();
}
