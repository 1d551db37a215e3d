import { expect, test } from '@playwright/test';
import { pickGuestsAsOwner, shot, signIn } from './pages';

// A person runs a template that nobody wrote: the catalog module generated it from the demo's Pulumi
// template (examples/templates/service-environment: its Pulumi.yaml's template section and stackyard.yaml).
// The form's config page, its secret, the real run, and the usage registry counting the new stack under
// the template's version.
test('a guest creates a service from the template generated from a Pulumi template', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const name = `e2e-svc-${Date.now().toString(36)}`;

  await signIn(page);
  await page.goto('/create');
  await expect(
    page.getByText('Service environment (from its Pulumi template)'),
  ).toBeVisible({ timeout: 60_000 });
  await page.goto(
    '/create/templates/default/pulumi-template-service-environment',
  );
  await page.getByRole('textbox', { name: /^Name/ }).fill(name);
  await pickGuestsAsOwner(page);
  await page.getByRole('button', { name: 'Next' }).click();

  // The config page: the fields of template.config, with stackyard.yaml's titles and choices.
  await page.getByLabel(/Instance size/).click();
  await page.getByRole('option', { name: /^Medium/ }).click();
  await expect(page.getByLabel(/^Instances/)).toHaveValue('1');
  await page.getByLabel(/API token/).fill('e2e-token-never-shown');
  await expect(page.getByLabel(/API token/)).toHaveAttribute(
    'type',
    'password',
  );
  await shot(page, 'generated-template');
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(
    page.getByRole('checkbox', { name: 'guardrails' }),
  ).toBeChecked();
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText('e2e-token-never-shown')).toHaveCount(0);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('link', { name: 'Open in catalog' })).toBeVisible(
    { timeout: 240_000 },
  );

  // The registry counts the stack under the template and version it was created from, after a sync.
  await expect(async () => {
    await page.goto('/pulumi/registry');
    const row = page
      .getByRole('link', { name: 'service-environment' })
      .locator('xpath=ancestor::tr');
    await expect(row).toContainText(/v1 · \d+ stacks?/, { timeout: 5_000 });
  }).toPass({ timeout: 120_000 });
});
