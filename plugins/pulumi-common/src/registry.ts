/**
 * What a stack uses of one package, as its state says:
 * - `provider`: a provider resource of the package (`pulumi:providers:<package>`), with its version;
 * - `component`: component resources of one type (`<package>:<module>:<Type>`), with the version of the
 *   package's provider in the stack when it has one (a component served by a component provider), else
 *   none (a component written in the program's own language).
 *
 * @public
 */
export interface PulumiStackPackage {
  kind: 'provider' | 'component';
  /** The package: the provider's name, or the first segment of the component type. */
  package: string;
  /** For a component: its type. */
  type?: string;
  /** The version in use, when the state records one. */
  version?: string;
  /** How many resources of the stack it counts. */
  resources: number;
}

/**
 * How many stacks use one version of a package or component type.
 *
 * @public
 */
export interface PulumiRegistryVersion {
  /** The version; `unknown` when the state records none. */
  version: string;
  stacks: number;
  /** Whether the version is older than one in use elsewhere in the fleet, or below the configured minimum. */
  outdated: boolean;
}

/**
 * A package of the usage registry: the versions in use, over the stacks the caller may read.
 *
 * @public
 */
export interface PulumiRegistryPackage {
  name: string;
  /** The newest version in use anywhere in the fleet. */
  latest?: string;
  /** The configured minimum version (`pulumi.registry.minimumVersions`), if any. */
  minimumVersion?: string;
  versions: PulumiRegistryVersion[];
  stacks: number;
  outdatedStacks: number;
}

/**
 * One stack's use of a package: the version it uses, and whether that is outdated.
 *
 * @public
 */
export interface PulumiRegistryStackUsage {
  stackRef: string;
  backendId: string;
  project: string;
  stack: string;
  version: string;
  outdated: boolean;
  /** The stack's owner, as an entity ref, if known. */
  owner?: string;
}

/**
 * The component types that one package serves, each with its versions in use.
 *
 * @public
 */
export interface PulumiRegistryComponentPackage {
  package: string;
  types: Array<{
    type: string;
    versions: PulumiRegistryVersion[];
    stacks: number;
    resources: number;
  }>;
}

/**
 * A template that stacks were created from (their `stackyard:template` tag), with the versions they were
 * created at (`stackyard:template-version`).
 *
 * @public
 */
export interface PulumiRegistryTemplate {
  /** The template's name in `pulumi.templates`. */
  name: string;
  /** Most stacks first; `unknown` for stacks whose tags name no version. */
  versions: Array<{ version: string; stacks: number }>;
  stacks: number;
}
