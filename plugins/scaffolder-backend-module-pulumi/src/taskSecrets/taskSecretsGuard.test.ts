import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { scaffolderModulePulumi } from '../module';
import {
  DEFAULT_TASK_SECRET_MAX_BYTES,
  TASK_SECRET_MAX_BYTES_LIMIT,
} from './taskSecretsGuard';

jest.setTimeout(60_000);

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'with-secrets', namespace: 'default' },
  spec: {
    type: 'service',
    steps: [{ id: 'log', action: 'debug:log', input: { message: 'hello' } }],
  },
};

const OTHER_SECRET = 'other-secret-value';
// The size from which the scaffolder's task logger fails, with every task secret in its error.
const TOO_LARGE_FOR_THE_TASK_LOG = 32 * 1024;

function startScaffolder(taskSecrets?: { maxBytes: number }) {
  return startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModulePulumi,
      catalogServiceMock.factory({ entities: [template] }),
      mockServices.rootConfig.factory({
        data: { pulumi: { backends: [], taskSecrets } },
      }),
    ],
  });
}

const dryRun = (secrets: Record<string, string>) => ({
  template,
  values: {},
  secrets,
  directoryContents: [],
});

// What a response shows: its status, its error, and which secret values it carries.
function outcome(res: request.Response) {
  const body = JSON.stringify(res.body);
  return {
    status: res.status,
    error: res.body.error,
    leaks: [OTHER_SECRET, 'xxxxxxxx', 'mock-user-token'].filter(value =>
      body.includes(value),
    ),
  };
}

const refusal = (name: string, maxBytes: number) => ({
  status: 400,
  error: {
    name: 'InputError',
    message: `The task secret '${name}' is larger than ${maxBytes} bytes, the most that this backend accepts (pulumi.taskSecrets.maxBytes)`,
  },
  leaks: [],
});

describe('task secrets, through a real scaffolder backend', () => {
  it('refuses a dry run, a task and a retry with a secret too large for the task log, naming it only', async () => {
    const { server } = await startScaffolder();
    const secrets = {
      big: 'x'.repeat(TOO_LARGE_FOR_THE_TASK_LOG),
      other: OTHER_SECRET,
    };
    const api = request(server);

    const expected = refusal('big', DEFAULT_TASK_SECRET_MAX_BYTES);

    expect(
      outcome(
        await api.post('/api/scaffolder/v2/dry-run').send(dryRun(secrets)),
      ),
    ).toEqual(expected);
    expect(
      outcome(
        await api.post('/api/scaffolder/v2/tasks').send({
          templateRef: 'template:default/with-secrets',
          values: {},
          secrets,
        }),
      ),
    ).toEqual(expected);
    expect(
      outcome(
        await api
          .post('/api/scaffolder/v2/tasks/some-task/retry')
          .send({ secrets }),
      ),
    ).toEqual(expected);
  });

  it('measures secrets in bytes of UTF-8 and names every one that is too large', async () => {
    const { server } = await startScaffolder({ maxBytes: 8 });
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send(dryRun({ short: '12345678', wide: 'ééééé', long: '123456789' }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "The task secrets 'wide', 'long' are larger than 8 bytes, the most that this backend accepts (pulumi.taskSecrets.maxBytes)",
    );
  });

  it('lets the scaffolder run secrets up to the largest size that its task log takes', async () => {
    const { server } = await startScaffolder({
      maxBytes: TASK_SECRET_MAX_BYTES_LIMIT,
    });
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send(
        dryRun({
          big: 'x'.repeat(TASK_SECRET_MAX_BYTES_LIMIT),
          other: OTHER_SECRET,
        }),
      );
    expect(res.status).toBe(200);
    expect(
      res.body.log.map(
        (entry: { body: { message: string } }) => entry.body.message,
      ),
    ).toContain('Finished step debug:log');
  });

  it('leaves requests without secrets to the scaffolder', async () => {
    const { server } = await startScaffolder();
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({ template, values: {}, directoryContents: [] });
    expect(res.status).toBe(200);
  });

  it('refuses to start with a limit that the task log cannot take', async () => {
    await expect(
      startScaffolder({ maxBytes: TASK_SECRET_MAX_BYTES_LIMIT + 1 }),
    ).rejects.toThrow(
      'pulumi.taskSecrets.maxBytes must be a whole number from 1 to 32767',
    );
  });
});
