import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  createTestProject,
  createTestStacks,
} from '@stackyard/plugin-pulumi-node/testUtils';
import { AddressInfo } from 'node:net';
import { permissionsFor } from '../__testUtils__/permissionsFor';
import { pulumiTestBackendFeatures } from '../__testUtils__/pulumiTestBackend';
import { pulumiPlugin } from '../plugin';

// The actions through the real MCP endpoint of Backstage's MCP actions backend (Streamable HTTP at
// /api/mcp-actions/v1), with the official MCP client, on real stacks of the real engine. The policy lets
// mallory read stacks but not operate them, as for a user who owns none.
jest.setTimeout(240_000);

const ALICE = 'user:default/alice';
const MALLORY = 'user:default/mallory';
const SECRET = 'mcp-secret-value-3e8a';

const permissionsFactory = permissionsFor(
  (permission, user) => user !== MALLORY || permission === 'pulumi.stack.read',
);

describe('the Pulumi actions through the MCP endpoint', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let dispose: () => Promise<void>;
  const clients: Client[] = [];
  const texts: string[] = [];

  async function connect(user: string): Promise<Client> {
    const { port } = backend.server.address() as AddressInfo;
    const transport = new StreamableHTTPClientTransport(
      new URL(`http://localhost:${port}/api/mcp-actions/v1`),
      {
        requestInit: {
          headers: { Authorization: mockCredentials.user.header(user) },
        },
      },
    );
    const client = new Client({ name: 'stackyard-test', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  async function call(
    client: Client,
    name: string,
    args: Record<string, unknown>,
  ) {
    const result: any = await client.callTool({ name, arguments: args });
    texts.push(JSON.stringify(result));
    return result;
  }

  beforeAll(async () => {
    const projectDir = await createTestProject();
    const created = await createTestStacks({
      stacks: ['dev', 'prod'].map(stack => ({
        project: 'files',
        stack,
        projectDir,
        secretConfig: { apiKey: SECRET },
      })),
    });
    dispose = created.dispose;
    backend = await startTestBackend({
      features: [
        pulumiPlugin,
        mcpActionsPlugin,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        permissionsFactory,
        ...pulumiTestBackendFeatures({
          backend: created.backend,
          projectDir,
          config: { backend: { actions: { pluginSources: ['pulumi'] } } },
          pulumi: {
            runs: { pollSeconds: 0.2 },
            drift: { enabled: false, manualCheckInterval: { seconds: 0 } },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map(c => c.close()));
    await backend?.stop();
    await dispose?.();
  });

  it('lists the five Pulumi tools, none of which can change a stack', async () => {
    const client = await connect(ALICE);
    const { tools } = await client.listTools();
    const ours = tools.filter(t => t.name.startsWith('pulumi.'));
    expect(ours.map(t => t.name).sort()).toEqual([
      'pulumi.check-drift',
      'pulumi.get-drift',
      'pulumi.get-stack',
      'pulumi.list-stacks',
      'pulumi.preview',
    ]);
    for (const tool of ours) {
      expect(tool.annotations?.destructiveHint).toBe(false);
    }
  });

  it('lists stacks and reads one, its secret output masked', async () => {
    const client = await connect(ALICE);
    const list = await call(client, 'pulumi.list-stacks', { project: 'files' });
    expect(list.structuredContent.items.map((s: any) => s.ref)).toEqual([
      'local:organization/files/dev',
      'local:organization/files/prod',
    ]);

    const stack = await call(client, 'pulumi.get-stack', {
      backend: 'local',
      project: 'files',
      stack: 'dev',
    });
    expect(stack.structuredContent).toMatchObject({
      stack: { ref: 'local:organization/files/dev' },
      outputs: { apiKeyDigest: '[secret]' },
    });
    expect(stack.structuredContent.resourceCount).toBeGreaterThan(1);
  });

  it('checks drift and reads the findings', async () => {
    const client = await connect(ALICE);
    const ref = { backend: 'local', project: 'files', stack: 'dev' };
    const check = await call(client, 'pulumi.check-drift', ref);
    expect(check.isError).toBeFalsy();
    expect(check.structuredContent).toMatchObject({ status: 'queued' });
    let drift: any;
    for (let i = 0; i < 300; i++) {
      drift = await call(client, 'pulumi.get-drift', ref);
      if (drift.structuredContent.status !== 'unknown') break;
      await new Promise(r => setTimeout(r, 200));
    }
    expect(drift.structuredContent).toMatchObject({
      status: 'in_sync',
      findings: [],
    });
  });

  it('previews, returning the change summary once the preview ended', async () => {
    const client = await connect(ALICE);
    const preview = await call(client, 'pulumi.preview', {
      backend: 'local',
      project: 'files',
      stack: 'prod',
      waitSeconds: 120,
    });
    expect(preview.structuredContent).toMatchObject({
      status: 'succeeded',
      changeSummary: expect.objectContaining({ same: expect.any(Number) }),
    });
  });

  it('refuses a check of a stack the caller may not operate, and unknown stacks, as tool errors', async () => {
    const client = await connect(MALLORY);
    const refused = await call(client, 'pulumi.check-drift', {
      backend: 'local',
      project: 'files',
      stack: 'dev',
    });
    expect(refused.isError).toBe(true);
    expect(refused.content[0].text).toMatch(/NotAllowedError|403/);
    expect(refused.content[0].text).toContain('pulumi.stack.operate');
    // Reading is allowed.
    const read = await call(client, 'pulumi.get-stack', {
      backend: 'local',
      project: 'files',
      stack: 'dev',
    });
    expect(read.isError).toBeFalsy();
    const missing = await call(client, 'pulumi.get-stack', {
      backend: 'local',
      project: 'files',
      stack: 'nope',
    });
    expect(missing.isError).toBe(true);
    expect(missing.content[0].text).toContain('No stack files/nope');
  });

  it('keeps the secret config out of every answer', () => {
    expect(texts.join('\n')).not.toContain(SECRET);
  });
});
