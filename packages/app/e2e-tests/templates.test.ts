import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pickGuestsAsOwner, shot, signIn } from './pages';
import { CHECKOUT, currentPrivateApp } from './privateApp';

// A person runs the no-code template from the browser, in the demo app that scripts/start.sh runs: the
// form, the real run (stack, deploy with the guardrails, publish, register), and the new component in the
// catalog.
test('a guest creates a static site from the no-code template', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const name = `e2e-site-${Date.now().toString(36)}`;

  await signIn(page);

  await page.goto('/create');
  await expect(page.getByText('Static web site (no code)')).toBeVisible({
    timeout: 60_000,
  });
  await expect(
    page.getByText('Service environment (low code, Pulumi YAML)'),
  ).toBeVisible();
  await expect(
    page.getByText('Service with a status page (full code, TypeScript)'),
  ).toBeVisible();
  await expect(
    page.getByText('Service with a status page (full code, Python)'),
  ).toBeVisible();
  await shot(page, 'templates');

  await page.goto('/create/templates/default/pulumi-static-site');

  await page.getByRole('textbox', { name: /^Name/ }).fill(name);
  await page.getByRole('textbox', { name: /^Page title/ }).fill('Hello e2e');
  await pickGuestsAsOwner(page);
  await page.getByRole('button', { name: 'Next' }).click();

  // The deployment step: every field has its default, the guardrails are on.
  await expect(
    page.getByRole('checkbox', { name: 'guardrails' }),
  ).toBeChecked();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task page: the steps run, and the output links appear when the run completes.
  const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
  await expect(openInCatalog).toBeVisible({ timeout: 240_000 });
  await expect(page.getByRole('link', { name: 'The stack' })).toBeVisible();
  await shot(page, 'template-run');

  await openInCatalog.click();
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('heading', { name })).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 90_000 });

  // The stack and the project are the tests' app's, in its own folder; the demo of the checkout has neither.
  const stacks = (root: string) =>
    path.join(root, 'state/.pulumi/stacks', name);
  const { dataRoot } = currentPrivateApp();
  expect(existsSync(stacks(dataRoot))).toBe(true);
  expect(existsSync(path.join(dataRoot, 'projects', name))).toBe(true);
  const demo = path.join(CHECKOUT, '.stackyard');
  expect(existsSync(stacks(demo))).toBe(false);
  expect(existsSync(path.join(demo, 'projects', name))).toBe(false);
});
