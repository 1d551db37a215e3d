import { expect, Page, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { openEntityTab, pulumiStacksCard, shot, signIn } from './pages';
import { CHECKOUT } from './privateApp';

// The Pulumi views in the demo app that scripts/start.sh runs, over its seeded stacks: the website's
// prod stack was edited by hand after its update, so drift checks find its index.html changed.

/** Whether tools/kubernetes/build.sh has built what the demo's platform-k8s/prod stack needs. */
function kubernetesBuilt(): boolean {
  try {
    execFileSync(
      path.join(CHECKOUT, 'tools/kubernetes/build.sh'),
      ['--check'],
      {
        stdio: 'ignore',
      },
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens the Drift section of the stack on the page and waits for the table of the drifted resource `name`,
 * which the scheduler's first check finds.
 */
async function driftTable(page: Page, name: string) {
  const sections = page.getByRole('tablist', { name: 'stack sections' });
  const section = (tab: string) =>
    sections.getByRole('tab', { name: tab, exact: true }).click();
  await section('Drift');
  const drifted = page.getByRole('table', { name: `drift of ${name}` });
  await expect(async () => {
    if (!(await drifted.isVisible())) {
      // Not checked yet: reopening the section reads the report again.
      await section('Overview');
      await section('Drift');
    }
    await expect(drifted).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 180_000 });
  return drifted;
}

test.describe.configure({ mode: 'serial' });

test('a component shows its stacks, and its Pulumi tab shows the drifted property', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signIn(page);

  // 1. The component's stacks.
  await page.goto('/catalog/default/component/website');
  const card = pulumiStacksCard(page);
  await expect(card.getByRole('tab', { name: 'prod' })).toBeVisible({
    timeout: 60_000,
  });
  await expect(card.getByRole('tab', { name: 'dev' })).toBeVisible();
  // The entity page scrolls inside its content, so the card is brought into view for the picture.
  await card.getByRole('tab', { name: 'prod' }).scrollIntoViewIfNeeded();
  await shot(page, 'entity-card', false);

  // 2. The drift view of website/prod: the scheduler's first check finds the hand edit.
  await openEntityTab(page, 'Pulumi');
  await page
    .getByRole('tablist', { name: 'stacks' })
    .getByRole('tab', { name: /website\/prod/ })
    .click();
  const drifted = await driftTable(page, 'site-index.html');
  await expect(drifted.getByText('content')).toBeVisible();
  await expect(drifted.getByText(/Hotfix edited by hand/)).toBeVisible();
  await shot(page, 'entity-drift');

  // 3. Check now: the run's progress, then the result.
  await page.getByRole('button', { name: 'Check now' }).click();
  await expect(page.getByLabel('run progress')).toBeVisible();
  await expect(
    page.getByText(/^drift-check: (queued|running|succeeded)$/),
  ).toBeVisible();
  await expect(page.getByText('drift-check: succeeded')).toBeVisible({
    timeout: 120_000,
  });
  // The result: the report is the new check's, which the guest asked for, and still finds the edit.
  await expect(
    page.getByText(/^Checked .* by user:default\/guest$/),
  ).toBeVisible({
    timeout: 30_000,
  });
  await expect(drifted).toBeVisible();
});

test('a stack on the real Kubernetes provider shows the ConfigMap key changed through the API server', async ({
  page,
}) => {
  test.skip(
    !kubernetesBuilt(),
    'the Kubernetes pieces are not built: tools/kubernetes/build.sh (scripts/test.sh builds them)',
  );
  test.setTimeout(300_000);
  await signIn(page);
  await page.goto('/catalog/default/component/platform-gateway/pulumi');
  const drifted = await driftTable(page, 'gateway-settings');
  // The provider's own path, with the value in the state and the one read back from the cluster.
  await expect(drifted.getByText('data.RATE_LIMIT')).toBeVisible();
  await expect(drifted.getByText('100', { exact: true })).toBeVisible();
  await expect(drifted.getByText('500', { exact: true })).toBeVisible();
  await shot(page, 'kubernetes-drift');
});

test('the drift dashboard lists the drifted stack', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  await page.goto('/pulumi/drift');
  const list = page.getByRole('list', { name: 'drifted stacks' });
  await expect(list.getByRole('link', { name: 'website/prod' })).toBeVisible({
    timeout: 60_000,
  });
  await expect(list.getByText(/site-index\.html/)).toBeVisible();
  await expect(page.getByTestId('count-drifted')).toContainText(/[1-9]/);
  await shot(page, 'drift-dashboard');

  await page.goto('/pulumi');
  await expect(page.getByRole('link', { name: 'website/prod' })).toBeVisible({
    timeout: 60_000,
  });
  await shot(page, 'stacks-explorer');

  await page.goto('/pulumi/services');
  await expect(
    page.getByRole('link', { name: 'payments-api' }).first(),
  ).toBeVisible({
    timeout: 60_000,
  });
  await shot(page, 'services');
});

test('the Registry tab charts the packages in use and drills down to their stacks', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page);
  await page.goto('/pulumi/registry');
  await expect(
    page.getByRole('img', { name: /^Stacks per package version/ }),
  ).toBeVisible({ timeout: 60_000 });
  await page
    .getByRole('button', { name: 'pulumi-nodejs', exact: true })
    .click();
  await expect(page.getByText('Stacks that use pulumi-nodejs')).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'website/prod', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('cell', { name: 'stackyard:index:FileSet' }),
  ).toBeVisible();
  await shot(page, 'registry');
});

test('a user without operate permission sees no operation buttons', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page);
  // The guest's group owns the website, not payments-api.
  await page.goto('/pulumi/stacks/local/payments-api/dev');
  await expect(
    page.getByRole('tablist', { name: 'stack sections' }),
  ).toBeVisible({ timeout: 60_000 });
  const sections = page.getByRole('tablist', { name: 'stack sections' });
  await sections.getByRole('tab', { name: 'Drift', exact: true }).click();
  await expect(page.getByText('Drift checks')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Check now' })).toHaveCount(0);
  await expect(
    page.getByRole('button', { name: 'Accept real state' }),
  ).toHaveCount(0);
  await sections.getByRole('tab', { name: 'Runs', exact: true }).click();
  // The section has loaded: its list of runs, or its empty state.
  await expect(
    page
      .getByText('No runs yet')
      .or(page.getByRole('heading', { name: 'Runs' })),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Preview' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Refresh' })).toHaveCount(0);

  // The same user on the website's stack, which its group owns, has them.
  await page.goto('/pulumi/stacks/local/website/prod');
  await sections.getByRole('tab', { name: 'Runs', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Preview' })).toBeVisible({
    timeout: 60_000,
  });
  await sections.getByRole('tab', { name: 'Resources', exact: true }).click();
  await expect(page.getByText('site-index.html').first()).toBeVisible();
  await shot(page, 'stack-page');
});
