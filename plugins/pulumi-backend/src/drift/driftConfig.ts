import { RootConfigService } from '@backstage/backend-plugin-api';
import { configDuration } from '../util/configDuration';
import { InputError } from '@backstage/errors';
import type { PulumiDriftIgnoreRule } from '@stackyard/plugin-pulumi-common';

/** The drift settings of `pulumi.drift`, with their defaults. */
export interface DriftConfig {
  enabled: boolean;
  intervalMs: number;
  pollMs: number;
  manualCheckIntervalMs: number;
  retentionMs: number;
  ignore: PulumiDriftIgnoreRule[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Reads `pulumi.drift`; a bad value is an error that names its key. */
export function readDriftConfig(config: RootConfigService): DriftConfig {
  const drift = config.getOptionalConfig('pulumi.drift');
  const duration = (key: string, fallbackMs: number) =>
    configDuration(drift, key, fallbackMs);
  const ignore = (drift?.getOptionalConfigArray('ignore') ?? []).map(
    (rule, index) => {
      const parsed: PulumiDriftIgnoreRule = {
        id: `config-${index}`,
        source: 'config',
        stack: rule.getOptionalString('stack'),
        type: rule.getOptionalString('type'),
        urn: rule.getOptionalString('urn'),
        property: rule.getOptionalString('property'),
        reason: rule.getOptionalString('reason'),
      };
      if (!parsed.stack && !parsed.type && !parsed.urn && !parsed.property) {
        throw new InputError(
          `pulumi.drift.ignore[${index}] must name at least one of stack, type, urn or property`,
        );
      }
      return Object.fromEntries(
        Object.entries(parsed).filter(([, v]) => v !== undefined),
      ) as PulumiDriftIgnoreRule;
    },
  );
  return {
    enabled: drift?.getOptionalBoolean('enabled') ?? true,
    intervalMs: duration('interval', 60 * 60 * 1000),
    pollMs: duration('poll', 30 * 1000),
    manualCheckIntervalMs: duration('manualCheckInterval', 60 * 1000),
    retentionMs: duration('retention', 90 * DAY_MS),
    ignore,
  };
}
