import { expect, test } from '@playwright/test';
import { shot, signIn } from './pages';
import { requestUp, setGreeting } from './requester';

// The approval of a plan in the browser: a caller other than the guest (the e2e requester's static token)
// asks for an up of website/dev, which the tests' app protects; the guest, whose group owns the website,
// sees the plan's steps on the stack's Runs section and approves it, and the engine applies that plan.

test.describe.configure({ mode: 'serial' });

test('an owner approves the plan that another asked for, and the engine applies it', async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  const greeting = `Approved in ${test.info().project.name}`;
  setGreeting(greeting);
  await signIn(page);
  await requestUp(request);

  await page.goto('/pulumi/stacks/local/website/dev/runs');
  const card = page.getByRole('region', { name: 'approval' });
  await expect(card).toBeVisible({ timeout: 60_000 });
  await expect(card).toContainText('service:e2e-requester');
  const steps = card.getByRole('table', { name: 'planned steps' });
  await expect(steps).toContainText('site-index.html');
  await expect(steps).toContainText(greeting);
  await page.setViewportSize({ width: 1280, height: 1300 });
  await shot(page, 'approval');

  await card
    .getByRole('textbox', { name: 'Comment' })
    .fill('The greeting is right');
  await card.getByRole('button', { name: 'Approve and apply' }).click();
  await expect(card).toContainText('Approved by user:default/guest', {
    timeout: 30_000,
  });
  await expect(page.getByText('up: succeeded')).toBeVisible({
    timeout: 120_000,
  });
});
