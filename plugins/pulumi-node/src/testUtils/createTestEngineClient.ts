import { ConfigReader } from '@backstage/config';
import { PulumiEngineClient } from '../engine/PulumiEngineClient';
import { locatePulumiEngine, PulumiEngine } from '../engine/locateEngine';
import { deployTestStack } from './deployTestStack';
import { createTemporaryBackend, TemporaryBackend } from './temporaryBackend';

/**
 * An engine client configured, as app config would, with temporary backends by id.
 *
 * @public
 */
export function createTestEngineClient(options: {
  engine: PulumiEngine;
  backends: Record<string, TemporaryBackend>;
}): Promise<PulumiEngineClient> {
  const entries = Object.entries(options.backends);
  return PulumiEngineClient.fromConfig(
    new ConfigReader({
      pulumi: {
        homeDir: entries[0]?.[1].pulumiHome ?? '',
        backends: entries.map(([id, b]) => ({
          id,
          url: b.url,
          ...(b.passphrase ? { passphrase: b.passphrase } : {}),
        })),
      },
    }),
    { engine: options.engine },
  );
}

/**
 * A temporary backend with id `local`, real stacks deployed into it with {@link deployTestStack}, and an
 * engine client that reads it.
 *
 * @public
 */
export async function createTestStacks(options: {
  kind?: 'file' | 'postgres';
  stacks: Array<{ project: string; stack: string }>;
}): Promise<{
  engine: PulumiEngine;
  backend: TemporaryBackend;
  client: PulumiEngineClient;
  dispose(): Promise<void>;
}> {
  const engine = await locatePulumiEngine();
  const backend = await createTemporaryBackend({
    kind: options.kind ?? 'file',
  });
  try {
    for (const { project, stack } of options.stacks) {
      await deployTestStack({ engine, backend, project, stack });
    }
    const client = await createTestEngineClient({
      engine,
      backends: { local: backend },
    });
    return { engine, backend, client, dispose: () => backend.dispose() };
  } catch (error) {
    await backend.dispose();
    throw error;
  }
}
