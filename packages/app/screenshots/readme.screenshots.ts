import { expect, Page, test } from '@playwright/test';
import path from 'node:path';
import { pickGuestsAsOwner, pulumiStacksCard } from '../e2e-tests/pages';
import { CHECKOUT, currentPrivateApp } from '../e2e-tests/privateApp';
import { requestUp, setGreeting } from '../e2e-tests/requester';
import { mcpTranscript } from './mcpTranscript';

// The README's screenshots, in the order a visitor meets the views, on the demo's five seeded stacks (the
// Kubernetes one needs tools/kubernetes/build.sh first); the template run comes last, as it adds a sixth
// (with a time to live). scripts/screenshots.sh runs it (not part of the e2e tests).

const shot = (page: Page, name: string) =>
  page.screenshot({
    path: path.join(CHECKOUT, 'docs/screenshots', `${name}.png`),
  });

test('the README screenshots', async ({ page, request }) => {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible({ timeout: 300_000 });
  await enter.click();
  await expect(page.getByText('Stackyard Demo Catalog')).toBeVisible();

  // The Pulumi page, once the scheduler's first drift checks have run: the stacks explorer, then the same
  // page tall enough to show the engine's card.
  await page.goto('/pulumi');
  await expect(page.getByRole('link', { name: 'website/prod' })).toBeVisible();
  await expect(async () => {
    await page.reload();
    const soon = { timeout: 10_000 };
    await expect(
      page.getByRole('link', { name: 'payments-api/dev' }),
    ).toBeVisible(soon);
    await expect(page.getByText('Not checked')).toHaveCount(0, soon);
    // website/prod, edited by hand, and platform-k8s/prod, edited through the API server.
    await expect(page.getByText('Drifted')).toHaveCount(2, soon);
  }).toPass({ timeout: 300_000 });
  await shot(page, 'stacks-explorer');
  await page.setViewportSize({ width: 1280, height: 1000 });
  await expect(page.getByText(/^v3\.\d+\.\d+$/)).toBeVisible();
  await shot(page, 'pulumi-page');

  // The website's entity page: the Pulumi card beside the catalog's own cards, which come first, so the
  // window is tall enough for all of them.
  await page.setViewportSize({ width: 1280, height: 1900 });
  await page.goto('/catalog/default/component/website');
  await expect(
    pulumiStacksCard(page).getByRole('tab', { name: 'prod' }),
  ).toBeVisible();
  await expect(page.getByText('About').first()).toBeVisible();
  await shot(page, 'entity-page');
  await page.setViewportSize({ width: 1280, height: 720 });

  // A stack's drift, in the entity's Pulumi tab: the hand edit of website/prod.
  await page.goto('/catalog/default/component/website/pulumi');
  await page
    .getByRole('tablist', { name: 'stacks' })
    .getByRole('tab', { name: /website\/prod/ })
    .click();
  const sections = page.getByRole('tablist', { name: 'stack sections' });
  const section = (name: string) =>
    sections.getByRole('tab', { name, exact: true }).click();
  await section('Drift');
  await expect(
    page.getByRole('table', { name: 'drift of site-index.html' }),
  ).toBeVisible();
  await shot(page, 'entity-drift');

  // A real provider's drift: platform-k8s/prod's ConfigMap key, changed through the Kubernetes API server.
  await page.goto('/catalog/default/component/platform-gateway/pulumi');
  await section('Drift');
  await expect(
    page.getByRole('table', { name: 'drift of gateway-settings' }),
  ).toBeVisible();
  await shot(page, 'kubernetes-drift');

  await page.goto('/pulumi/services');
  await expect(
    page.getByRole('link', { name: 'payments-api' }).first(),
  ).toBeVisible();
  await shot(page, 'services');

  await page.goto('/pulumi/drift');
  await expect(
    page
      .getByRole('list', { name: 'drifted stacks' })
      .getByRole('link', { name: 'website/prod' }),
  ).toBeVisible();
  await shot(page, 'drift-dashboard');

  await page.goto('/pulumi/registry');
  await page
    .getByRole('button', { name: 'pulumi-nodejs', exact: true })
    .click();
  await expect(page.getByText('Stacks that use pulumi-nodejs')).toBeVisible();
  await shot(page, 'registry');

  await page.goto('/pulumi/stacks/local/website/prod');
  await section('Resources');
  await expect(page.getByText('site-index.html').first()).toBeVisible();
  await shot(page, 'stack-page');

  // A plan that another asked for, waiting for the guest's approval on website/dev's Runs section.
  setGreeting('Welcome to the store (reviewed)');
  await requestUp(request);
  await page.goto('/pulumi/stacks/local/website/dev/runs');
  await expect(page.getByRole('region', { name: 'approval' })).toContainText(
    'Welcome to the store (reviewed)',
  );
  await page.setViewportSize({ width: 1280, height: 1000 });
  await shot(page, 'approval');
  await page.setViewportSize({ width: 1280, height: 720 });

  // An MCP client (the official SDK's) listing the actions, and reading a stack's drift through one.
  await page.setContent(await mcpTranscript(currentPrivateApp()));
  await page.setViewportSize({ width: 1280, height: 900 });
  await shot(page, 'mcp-tools');
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.goto('/create');
  await expect(page.getByText('Static web site (no code)')).toBeVisible();
  await expect(
    page.getByText('Service with a status page (full code, TypeScript)'),
  ).toBeVisible();
  await shot(page, 'templates');

  // The form that the catalog module generated from the service-environment Pulumi template: its config page.
  await page.goto(
    '/create/templates/default/pulumi-template-service-environment',
  );
  await page.getByRole('textbox', { name: /^Name/ }).fill('orders');
  await pickGuestsAsOwner(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel(/Instance size/).click();
  await page.getByRole('option', { name: /^Medium/ }).click();
  await page.getByLabel(/API token/).fill('a-token-of-the-orders-service');
  // Nothing focused, and the menu's closing animation over, so that the form is shown at rest.
  await page.getByRole('heading', { name: 'Service environment' }).click();
  await expect(page.getByRole('listbox')).toBeHidden();
  await page.waitForTimeout(500);
  await shot(page, 'generated-template');

  // A run of the no-code template, through to its links.
  await page.goto('/create/templates/default/pulumi-static-site');
  await page.getByRole('textbox', { name: /^Name/ }).fill('shop-landing');
  await page.getByRole('textbox', { name: /^Page title/ }).fill('Summer sale');
  await pickGuestsAsOwner(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel(/Delete after/).click();
  await page.getByRole('option', { name: '7 days' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('link', { name: 'Open in catalog' })).toBeVisible(
    { timeout: 300_000 },
  );
  await shot(page, 'template-run');

  // The new site's time to live, once the sweep has read its tag.
  await page.goto('/pulumi/stacks/local/shop-landing/dev');
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByRole('region', { name: 'time to live' }),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 180_000 });
  await shot(page, 'ttl');
});
