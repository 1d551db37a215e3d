import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { scaffolderModulePulumi } from './module';

jest.setTimeout(60_000);

describe('scaffolderModulePulumi', () => {
  it('adds the pulumi actions to a real scaffolder backend', async () => {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModulePulumi,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({ data: { pulumi: { backends: [] } } }),
      ],
    });
    const res = await request(server).get('/api/scaffolder/v2/actions');
    expect(res.status).toBe(200);
    const outputs = res.body.find(
      (a: { id: string }) => a.id === 'pulumi:outputs',
    );
    expect(outputs.schema.input.required).toEqual([
      'backend',
      'project',
      'stack',
    ]);
  });
});
