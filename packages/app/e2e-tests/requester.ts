import { APIRequestContext, expect } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { currentPrivateApp } from './privateApp';

// A caller other than the signed-in guest: the tests' app lets the e2e requester's static token in
// (privateApp.ts), and protects website/dev, so that its runs wait for the guest's approval.

/** Sets the website/dev stack's greeting in its stack file, so that its next up has a change to plan. */
export function setGreeting(greeting: string) {
  const file = path.join(
    currentPrivateApp().programs,
    'website',
    'Pulumi.dev.yaml',
  );
  const text = readFileSync(file, 'utf8').replace(
    /^(\s*website:greeting:).*$/m,
    `$1 ${JSON.stringify(greeting)}`,
  );
  writeFileSync(file, text);
}

/** Asks for a run as the e2e requester, and waits until its plan awaits approval. */
export async function requestUp(request: APIRequestContext) {
  const app = currentPrivateApp();
  const headers = { authorization: `Bearer ${app.requesterToken}` };
  const stackUrl = `${app.backendUrl}/api/pulumi/stacks/local/website/dev`;
  // The backend's first sync of the demo's stacks may still be on its way.
  await expect(async () => {
    expect((await request.get(stackUrl, { headers })).status()).toBe(200);
  }).toPass({ timeout: 120_000 });
  const created = await request.post(`${stackUrl}/runs`, {
    headers,
    data: { kind: 'up' },
  });
  expect(created.status()).toBe(201);
  const run = await created.json();
  expect(run.approval).toEqual({ state: 'planning' });
  await expect(async () => {
    const now = await (
      await request.get(`${app.backendUrl}/api/pulumi/runs/${run.id}`, {
        headers,
      })
    ).json();
    expect(now.status).toBe('awaiting_approval');
  }).toPass({ timeout: 120_000 });
  return run.id as string;
}
