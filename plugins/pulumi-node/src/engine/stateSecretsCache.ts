import type { Stack } from '@pulumi/pulumi/automation';
import { createHash } from 'node:crypto';
import { runPulumiCommand } from './engineCommand';
import { secretConfigValues, secretStrings } from './redact';
import { deploymentUrns } from './stackState';
import { secretInputDiffs, SecretInputDiffs } from './stateSecrets';

/**
 * What an operation must know of its stack's state before it passes anything on: the secrets to remove
 * from what it reports, which secrets differ between the state's inputs and outputs, and the resources.
 */
export interface StateSecrets {
  /** Every decrypted secret of the state, and the secret config of the last update. */
  secrets: readonly string[];
  /** By resource, the secrets whose input and output differ; see {@link secretInputDiffs}. */
  secretInputDiffs: SecretInputDiffs;
  /** The URNs of the state's resources. */
  urns: ReadonlySet<string>;
}

/** The most stacks whose secrets are kept; the least recently used go first. */
const MAX_STACKS = 10_000;

/**
 * The version of a stack's state: a hash of its export with secrets left encrypted. Any change of the
 * state changes it, a new secret value too, since each encryption has a ciphertext of its own. The
 * export decrypts nothing, so it costs the CLI's start and a read of the state.
 */
async function stateVersion(stack: Stack): Promise<string> {
  const { workspace } = stack;
  const stdout = await runPulumiCommand(
    workspace.pulumiCommand,
    ['stack', 'export', '--stack', stack.name],
    workspace.workDir,
    {
      ...(workspace.pulumiHome ? { PULUMI_HOME: workspace.pulumiHome } : {}),
      ...workspace.envVars,
    },
  );
  return createHash('sha256').update(stdout).digest('hex');
}

/** The state's secrets, read with them decrypted: the export and the last update's config. */
async function readStateSecrets(stack: Stack): Promise<StateSecrets> {
  const [deployment, last] = await Promise.all([
    stack.exportStack(),
    stack.info(true),
  ]);
  return {
    secrets: [
      ...secretStrings(deployment),
      ...secretConfigValues(last?.config),
    ],
    secretInputDiffs: secretInputDiffs(deployment),
    urns: deploymentUrns(deployment),
  };
}

/**
 * The secrets of each stack's state, kept in memory by state version, so that an operation on a stack
 * whose state has not changed since the last one learns them from one CLI call that decrypts nothing,
 * instead of two that decrypt everything. A changed state, by Stackyard or by anyone else, is read
 * again. The plaintexts stay in this process: nothing here is logged or stored.
 */
export class StateSecretsCache {
  private readonly entries = new Map<
    string,
    { version: string; secrets: StateSecrets }
  >();

  /** The secrets of `stack`'s state; `key` names the stack and its backend. */
  async read(key: string, stack: Stack): Promise<StateSecrets> {
    // The version is taken before the secrets are read: if the state changes in between, the secrets are
    // the newer state's, kept under the older version, which the next call no longer finds.
    const version = await stateVersion(stack);
    const known = this.entries.get(key);
    if (known?.version === version) {
      this.entries.delete(key);
      this.entries.set(key, known);
      return known.secrets;
    }
    const secrets = await readStateSecrets(stack);
    this.entries.delete(key);
    this.entries.set(key, { version, secrets });
    if (this.entries.size > MAX_STACKS) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return secrets;
  }
}
