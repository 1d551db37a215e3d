import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PulumiClient } from './PulumiClient';

const server = setupServer();
registerMswTestHooks(server);

const baseUrl = 'http://backstage.test/api/pulumi';
const client = new PulumiClient({
  discoveryApi: { getBaseUrl: async () => baseUrl },
  fetchApi: new MockFetchApi(),
});

describe('PulumiClient', () => {
  it('reads the health of the backend', async () => {
    server.use(
      http.get(`${baseUrl}/health`, () =>
        HttpResponse.json({
          status: 'ok',
          engine: { version: '3.259.0' },
          backends: ['local'],
        }),
      ),
    );
    await expect(client.getHealth()).resolves.toEqual({
      status: 'ok',
      engine: { version: '3.259.0' },
      backends: ['local'],
    });
  });

  it('returns an unavailable engine as a result', async () => {
    server.use(
      http.get(`${baseUrl}/health`, () =>
        HttpResponse.json(
          {
            status: 'unavailable',
            engine: { message: 'No Pulumi engine at /x' },
            backends: [],
          },
          { status: 503 },
        ),
      ),
    );
    await expect(client.getHealth()).resolves.toMatchObject({
      status: 'unavailable',
    });
  });

  it('turns other failures into a ResponseError', async () => {
    server.use(
      http.get(`${baseUrl}/health`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'boom' } },
          { status: 500 },
        ),
      ),
    );
    await expect(client.getHealth()).rejects.toMatchObject({
      name: 'ResponseError',
    });
  });
});
