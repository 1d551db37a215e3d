import { RootConfigService } from '@backstage/backend-plugin-api';
import { configDuration } from '../util/configDuration';

/** The settings of `pulumi.ttl`, with their defaults. */
export interface TtlConfig {
  /** Whether stacks with a time to live are warned about and ended. */
  enabled: boolean;
  /** How long before its end a stack's owners are told. */
  warnBeforeMs: number;
  /** How often the sweep looks at the stacks with a time to live. */
  sweepMs: number;
}

/**
 * Reads `pulumi.ttl`: enabled, a warning 24 hours ahead, a sweep every minute, unless it says otherwise.
 */
export function readTtlConfig(config: RootConfigService): TtlConfig {
  const ttl = config.getOptionalConfig('pulumi.ttl');
  const duration = (key: string, fallbackMs: number) =>
    configDuration(ttl, key, fallbackMs);
  return {
    enabled: ttl?.getOptionalBoolean('enabled') ?? true,
    warnBeforeMs: duration('warnBefore', 24 * 60 * 60 * 1000),
    sweepMs: duration('sweep', 60 * 1000),
  };
}
