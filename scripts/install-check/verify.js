// Checks an app that followed the package READMEs (followReadmes.js), running with its backend on
// <backendUrl>, which also serves the built app:
//
//   node scripts/install-check/verify.js <backendUrl> <stack entity name> <project>/<stack>
//
// - the backend plugin: its health route answers with the engine's version, and its stack list, for the
//   guest, holds the stack that the check made in the app's state backend;
// - the catalog module: that stack is a catalog entity;
// - the scaffolder module: the scaffolder lists the pulumi:* actions;
// - the frontend plugin, discovered by the app: the Pulumi page in Chromium shows the engine as ready.
const { chromium } = require('@playwright/test');

const [backendUrl, entityName, stackName] = process.argv.slice(2);

async function eventually(what, check, seconds = 180) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      console.log(`ok: ${what}`);
      return value;
    } catch (error) {
      last = error;
      await new Promise(resolve => setTimeout(resolve, 2000));
    }
  }
  throw new Error(`${what}: ${last?.message}`);
}

async function getJson(path, token) {
  const response = await fetch(`${backendUrl}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) {
    throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}

async function guestToken() {
  const response = await fetch(`${backendUrl}/api/auth/guest/refresh`);
  const body = await response.json();
  return body.backstageIdentity.token;
}

async function checkBackend() {
  const health = await eventually('GET /api/pulumi/health', async () => {
    const body = await getJson('/api/pulumi/health');
    if (!/^3\.\d+\.\d+$/.test(body.engine?.version ?? '')) {
      throw new Error(`no engine version in ${JSON.stringify(body)}`);
    }
    return body;
  });
  console.log(`   ${JSON.stringify(health)}`);
  const token = await guestToken();
  await eventually(`GET /api/pulumi/stacks lists ${stackName}`, async () => {
    const { items } = await getJson('/api/pulumi/stacks', token);
    if (!items.some(s => `${s.project}/${s.stack}` === stackName)) {
      throw new Error(
        `not in ${JSON.stringify(items.map(s => s.name ?? s.stack))}`,
      );
    }
  });
  await eventually(`the catalog has resource:default/${entityName}`, () =>
    getJson(
      `/api/catalog/entities/by-name/resource/default/${entityName}`,
      token,
    ),
  );
  await eventually('the scaffolder lists the pulumi:* actions', async () => {
    const actions = await getJson('/api/scaffolder/v2/actions', token);
    const ids = actions.map(action => action.id);
    for (const id of ['pulumi:new', 'pulumi:up', 'pulumi:project:publish']) {
      if (!ids.includes(id)) {
        throw new Error(`${id} is not in ${ids.join(', ')}`);
      }
    }
  });
}

async function checkFrontend() {
  const browser = await chromium.launch({
    executablePath: process.env.STACKYARD_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${backendUrl}/pulumi`);
    const enter = page.getByRole('button', { name: 'Enter' });
    const engine = page.getByText('Pulumi engine');
    await enter.or(engine).first().waitFor({ timeout: 60_000 });
    if (await enter.isVisible()) {
      await enter.click();
    }
    await engine.waitFor({ timeout: 60_000 });
    await page.getByText('ready', { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'Pulumi' }).first().waitFor();
    console.log(
      'ok: the app shows the Pulumi page, with the engine ready, and Pulumi in its sidebar',
    );
  } finally {
    await browser.close();
  }
}

checkBackend()
  .then(checkFrontend)
  .catch(error => {
    console.error(error.message);
    process.exit(1);
  });
