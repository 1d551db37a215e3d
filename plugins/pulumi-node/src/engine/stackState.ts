import type { Deployment } from '@pulumi/pulumi/automation';
import { createRedactor } from './redact';
import { stackPackages } from './stackPackages';
import type { StackResource, StackState } from './types';

/** The parts of a resource of an exported deployment (version 3) that Stackyard reads. */
interface DeploymentResource {
  urn: string;
  type: string;
  custom?: boolean;
  id?: string;
  parent?: string;
  provider?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  created?: string;
  modified?: string;
}

const STACK_TYPE = 'pulumi:pulumi:Stack';
const STACK_REFERENCE_TYPE = 'pulumi:pulumi:StackReference';
const PROVIDER_TYPE_PREFIX = 'pulumi:providers:';

/** The last `::` segment of a URN: the resource's name. */
function urnName(urn: string): string {
  return urn.slice(urn.lastIndexOf('::') + 2);
}

/** The type segment of a URN, without the types of its parents (`parent$child`). */
function urnType(urn: string): string {
  const parts = urn.split('::');
  const qualified = parts[parts.length - 2] ?? '';
  return qualified.slice(qualified.lastIndexOf('$') + 1);
}

function deploymentResources(deployment: Deployment): DeploymentResource[] {
  const resources = (deployment?.deployment as { resources?: unknown })
    ?.resources;
  return Array.isArray(resources) ? (resources as DeploymentResource[]) : [];
}

/**
 * The URNs of every resource in an exported deployment.
 *
 * @public
 */
export function deploymentUrns(deployment: Deployment): Set<string> {
  return new Set(deploymentResources(deployment).map(r => r.urn));
}

function providerOf(
  reference: string | undefined,
  byUrn: Map<string, DeploymentResource>,
): StackResource['provider'] {
  if (!reference) return undefined;
  // A provider reference is `<provider urn>::<provider id>`; URNs themselves contain `::`.
  const cut = reference.lastIndexOf('::');
  const urn = cut > 0 ? reference.slice(0, cut) : reference;
  const provider = byUrn.get(urn);
  const type = provider?.type ?? urnType(urn);
  const version = provider?.inputs?.version ?? provider?.outputs?.version;
  return {
    urn,
    package: type.startsWith(PROVIDER_TYPE_PREFIX)
      ? type.slice(PROVIDER_TYPE_PREFIX.length)
      : type,
    ...(typeof version === 'string' ? { version } : {}),
  };
}

/**
 * What Stackyard shows of an exported deployment: its resources and the stack's outputs. Secrets become
 * `[secret]` by their encoding alone, so nothing is decrypted here; inputs and other outputs are left out
 * entirely because they may hold secrets that a provider did not mark.
 *
 * @public
 */
export function stackStateFromDeployment(deployment: Deployment): StackState {
  const resources = deploymentResources(deployment);
  const byUrn = new Map(resources.map(r => [r.urn, r]));
  const root = resources.find(r => r.type === STACK_TYPE && !r.parent);
  return {
    resources: resources.map(r => {
      const provider = providerOf(r.provider, byUrn);
      return {
        urn: r.urn,
        type: r.type,
        name: urnName(r.urn),
        custom: Boolean(r.custom),
        ...(r.id ? { id: r.id } : {}),
        ...(r.parent ? { parent: r.parent } : {}),
        ...(provider ? { provider } : {}),
        ...(r.created ? { created: r.created } : {}),
        ...(r.modified ? { modified: r.modified } : {}),
      };
    }),
    outputs: createRedactor().redact(root?.outputs ?? {}),
    stackReferences: [
      ...new Set(
        resources.flatMap(r => {
          if (r.type !== STACK_REFERENCE_TYPE) return [];
          const name = r.outputs?.name ?? r.inputs?.name;
          return typeof name === 'string' ? [name] : [];
        }),
      ),
    ].sort(),
    packages: stackPackages(resources),
  };
}
