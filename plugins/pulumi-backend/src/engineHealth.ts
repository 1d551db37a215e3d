import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { PulumiHealth } from '@stackyard/plugin-pulumi-common';
import { PulumiEngineClient } from '@stackyard/plugin-pulumi-node';

/**
 * The engine that app config names, and the plugin's health. A missing or mismatched engine must not take
 * the whole Backstage backend down: the plugin then starts without one, serves what the database holds,
 * reports the reason on its health route, and logs it.
 */
export async function loadEngine(
  config: RootConfigService,
  logger: LoggerService,
): Promise<{ engine?: PulumiEngineClient; health: PulumiHealth }> {
  try {
    const engine = await PulumiEngineClient.fromConfig(config);
    const backends = engine.listBackends().map(b => b.id);
    logger.info(
      `Pulumi engine v${engine.version} at ${engine.engine.root}; backends: ${
        backends.join(', ') || 'none'
      }`,
    );
    return {
      engine,
      health: { status: 'ok', engine: { version: engine.version }, backends },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.error(`The Pulumi engine is unavailable: ${message}`);
    return {
      health: { status: 'unavailable', engine: { message }, backends: [] },
    };
  }
}
