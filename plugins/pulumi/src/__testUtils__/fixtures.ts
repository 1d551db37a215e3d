import type { Entity } from '@backstage/catalog-model';
import {
  PULUMI_PROJECT_SLUG_ANNOTATION,
  type PulumiDriftFinding,
  type PulumiRun,
  type PulumiStack,
  type PulumiStackDetail,
} from '@stackyard/plugin-pulumi-common';

/** A stack as the API lists it; `overrides` change any field. */
export function makeStack(overrides: Partial<PulumiStack> = {}): PulumiStack {
  const base = {
    backendId: 'local',
    organization: 'organization',
    project: 'website',
    stack: 'prod',
    ...overrides,
  };
  return {
    ref: `${base.backendId}:${base.organization}/${base.project}/${base.stack}`,
    driftStatus: 'in_sync',
    entityRefs: [],
    syncedAt: '2026-01-01T00:00:00.000Z',
    ...base,
  };
}

/** A stack with its outputs. */
export function makeStackDetail(
  overrides: Partial<PulumiStackDetail> = {},
): PulumiStackDetail {
  return {
    ...makeStack(overrides),
    outputs: {},
    stackReferences: [],
    ...overrides,
  };
}

/** A run of Stackyard. */
export function makeRun(overrides: Partial<PulumiRun> = {}): PulumiRun {
  return {
    id: 'run-1',
    stackRef: 'local:organization/website/prod',
    backendId: 'local',
    project: 'website',
    stack: 'prod',
    kind: 'up',
    status: 'queued',
    requestedBy: 'user:default/alice',
    createdAt: '2026-01-01T00:00:00.000Z',
    cancelRequested: false,
    progress: { done: 0 },
    ...overrides,
  };
}

/** A resource changed outside Pulumi. */
export function makeFinding(
  overrides: Partial<PulumiDriftFinding> = {},
): PulumiDriftFinding {
  return {
    urn: 'urn:pulumi:prod::website::aws:s3/bucket:Bucket::site',
    type: 'aws:s3/bucket:Bucket',
    name: 'site',
    kind: 'changed',
    source: 'outside',
    properties: [],
    ignored: false,
    ...overrides,
  };
}

/** A component, with the `pulumi.com/project-slug` annotation when `slug` is given. */
export function makeEntity(slug?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'website',
      namespace: 'default',
      ...(slug !== undefined
        ? { annotations: { [PULUMI_PROJECT_SLUG_ANNOTATION]: slug } }
        : {}),
    },
    spec: { type: 'website', owner: 'group:default/web-team' },
  };
}
