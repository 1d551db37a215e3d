import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

/**
 * A duration of config (a HumanDuration object or an ISO 8601 string) at `key` of `config`, in
 * milliseconds, or `fallbackMs` when it is not set; a bad value throws an error that names the key.
 */
export function configDuration(
  config: Config | undefined,
  key: string,
  fallbackMs: number,
): number {
  return config?.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : fallbackMs;
}
