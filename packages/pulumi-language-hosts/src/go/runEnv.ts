import type { RunRequest } from '@pulumi/pulumi/proto/language_pb';
import { compareStrings } from './compare';

/** What the Go SDK reads from its environment (sdk/go/pulumi/run.go, getEnvInfo). */
export interface GoRunInfo {
  organization: string;
  project: string;
  rootDirectory: string;
  stack: string;
  config: Array<[string, string]>;
  configSecretKeys: string[];
  dryRun: boolean;
  parallel: number;
  monitorAddress: string;
  engineAddress: string;
}

/** The run's information from a RunRequest. */
export function runInfoOf(
  request: RunRequest,
  rootDirectory: string,
  engineAddress: string,
): GoRunInfo {
  return {
    organization: request.getOrganization(),
    project: request.getProject(),
    rootDirectory,
    stack: request.getStack(),
    config: request.getConfigMap().getEntryList(),
    configSecretKeys: request.getConfigsecretkeysList(),
    dryRun: request.getDryrun(),
    parallel: request.getParallel(),
    monitorAddress: request.getMonitorAddress(),
    engineAddress,
  };
}

/**
 * The program's environment, as the Go host's constructEnv: the host's own (which is the engine's), with
 * the run's information in the variables the Go SDK reads: PULUMI_ORGANIZATION, PULUMI_PROJECT,
 * PULUMI_ROOT_DIRECTORY, PULUMI_STACK, PULUMI_CONFIG (a JSON object of the config by `namespace:key`),
 * PULUMI_CONFIG_SECRET_KEYS (a JSON array), PULUMI_DRY_RUN, PULUMI_PARALLEL, PULUMI_MONITOR and
 * PULUMI_ENGINE. Empty values are not set, as the Go host leaves them out. The Go SDK reads no tracing
 * variable, so none is set.
 */
export function buildRunEnv(
  info: GoRunInfo,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  const set = (name: string, value: string) => {
    if (value !== '') {
      env[name] = value;
    }
  };
  // Sorted by key, as Go's json.Marshal writes a map.
  const config = Object.fromEntries(
    [...info.config].sort(([a], [b]) => compareStrings(a, b)),
  );
  set('PULUMI_ORGANIZATION', info.organization);
  set('PULUMI_PROJECT', info.project);
  set('PULUMI_ROOT_DIRECTORY', info.rootDirectory);
  set('PULUMI_STACK', info.stack);
  set('PULUMI_CONFIG', JSON.stringify(config));
  set('PULUMI_CONFIG_SECRET_KEYS', JSON.stringify(info.configSecretKeys));
  set('PULUMI_DRY_RUN', String(info.dryRun));
  set('PULUMI_PARALLEL', String(info.parallel));
  set('PULUMI_MONITOR', info.monitorAddress);
  set('PULUMI_ENGINE', info.engineAddress);
  return env;
}
