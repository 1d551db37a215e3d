import type { Stack } from '@pulumi/pulumi/automation';
import { secretConfigValues, secretStrings } from './redact';
import { deploymentUrns } from './stackState';
import { secretInputDiffs, SecretInputDiffs } from './stateSecrets';
import { stateVersion } from './stateVersion';

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
 * The secrets of each stack's state, kept in memory by state version (see {@link stateVersion}), so that
 * an operation on a stack whose state has not changed since the last one learns them without the two CLI
 * calls that decrypt everything. A changed state, by Stackyard or by anyone else, is read
 * again. The plaintexts stay in this process: nothing here is logged or stored.
 */
export class StateSecretsCache {
  private readonly entries = new Map<
    string,
    { version: string; secrets: StateSecrets }
  >();

  /** The secrets of `stack`'s state, in project `project` of the backend at `backendUrl`. */
  async read(
    stack: Stack,
    place: { backendUrl: string; project: string },
  ): Promise<StateSecrets> {
    const key = `${place.backendUrl}\n${place.project}\n${stack.name}`;
    // The version is taken before the secrets are read: if the state changes in between, the secrets are
    // the newer state's, kept under the older version, which the next call no longer finds.
    const version = await stateVersion(stack, place);
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
