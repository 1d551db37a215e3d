import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  PolicyDecision,
  BasicPermission,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { ConditionTransformer } from '@backstage/plugin-permission-node';
import {
  PulumiRun,
  PulumiStackDetail,
  pulumiStackReadPermission,
} from '@stackyard/plugin-pulumi-common';
import type { PulumiStackPermissionQuery } from '@stackyard/plugin-pulumi-node';
import { Request } from 'express';
import { RunStore } from '../database/RunStore';
import { StackStore } from '../database/StackStore';
import { ReadDecisions } from './readDecisions';
import {
  parseInput,
  runPathSchema,
  stackPathSchema,
  type StackPath,
} from './validation';

/** How a refusal names what the caller may not do, by the permission's action. */
const ACTION_VERBS: Record<string, string> = {
  read: 'read',
  update: 'operate',
  delete: 'destroy',
  create: 'create',
};

/** What {@link createAccess} needs. */
export interface AccessOptions {
  /** The ids of the configured state backends. */
  backendIds: () => string[];
  stacks: StackStore;
  runs: RunStore;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  transformConditions: ConditionTransformer<PulumiStackPermissionQuery>;
  /** How long a read decision is reused for the same caller; see {@link ReadDecisions}. */
  readDecisionTtlMs: number;
}

/** Who the caller is, and what of the stacks and runs they may see and do. */
export interface Access {
  /** The caller's credentials; fails with a 401 for a request without valid ones. */
  credentials(req: Request): Promise<BackstageCredentials>;
  /** Refuses a backend id that config does not name, naming `field`. */
  knownBackend(id: string | undefined, field: string): void;
  /**
   * Throws NotAllowedError, naming the first permission refused, unless the caller has every one of the
   * permissions, on the stack when one is named.
   */
  authorize(
    credentials: BackstageCredentials,
    required: ResourcePermission | BasicPermission | ResourcePermission[],
    resourceRef?: string,
  ): Promise<void>;
  /** Parses the stack path, and loads the stack that the caller may read. */
  readableStack(
    req: Request,
  ): Promise<{ stack: PulumiStackDetail; credentials: BackstageCredentials }>;
  /** Parses the stack path, and finds the ref of the stack that the caller may read. */
  readableStackRef(
    req: Request,
  ): Promise<{ stackRef: string; credentials: BackstageCredentials }>;
  /** Loads a run whose stack the caller may read. */
  readableRun(
    req: Request,
  ): Promise<{ run: PulumiRun; credentials: BackstageCredentials }>;
  /**
   * The stacks the caller may read, as a stack list filter: all of them, those that the conditions of a
   * conditional decision allow, or none (undefined).
   */
  readableStacksFilter(req: Request): Promise<StackListFilter | undefined>;
  /** The caller's entity ref (or `service:<subject>`), as runs and rules record who asked. */
  requester(credentials: BackstageCredentials): string;
}

/** The part of a stack list filter that says which stacks a caller may read. */
export type StackListFilter = {
  permission?: PermissionCriteria<PulumiStackPermissionQuery>;
};

/** The access checks of the API's routes. */
export function createAccess(options: AccessOptions): Access {
  const { httpAuth, permissions, stacks, runs } = options;
  const reads = new ReadDecisions<PolicyDecision[]>(options.readDecisionTtlMs);
  const access: Access = {
    credentials: req => httpAuth.credentials(req),
    knownBackend: (id, field) =>
      assertKnownBackend(options.backendIds(), id, field),
    async authorize(credentials, required, resourceRef) {
      const list = Array.isArray(required) ? required : [required];
      const decisions = await permissions.authorize(
        list.map(
          permission =>
            (resourceRef ? { permission, resourceRef } : { permission }) as any,
        ),
        { credentials },
      );
      const refused = list.find(
        (_, i) => decisions[i].result !== AuthorizeResult.ALLOW,
      );
      if (refused) {
        throw refusal(refused, resourceRef);
      }
    },
    async readableStack(req) {
      const found = await readableAt(req, p =>
        stacks.getStack(p.backend, p.project, p.stack),
      );
      return { stack: found.value, credentials: found.credentials };
    },
    async readableStackRef(req) {
      const found = await readableAt(req, async p => {
        const ref = await stacks.getStackRef(p.backend, p.project, p.stack);
        return ref ? { ref } : undefined;
      });
      return { stackRef: found.value.ref, credentials: found.credentials };
    },
    async readableRun(req) {
      const { runId } = parseInput(runPathSchema, req.params, 'path');
      const credentials = await httpAuth.credentials(req);
      const run = await runs.getRun(runId);
      if (!run) {
        throw new NotFoundError(`No run ${runId}`);
      }
      await readable(req, credentials, run.stackRef);
      return { run, credentials };
    },
    async readableStacksFilter(req) {
      return readFilter(req, await httpAuth.credentials(req));
    },
    requester(credentials) {
      return requesterOf(options.auth, credentials);
    },
  };
  /** What `find` finds at the request's stack path, once the caller may read that stack; else a 404. */
  async function readableAt<T extends { ref: string }>(
    req: Request,
    find: (path: StackPath) => Promise<T | undefined>,
  ): Promise<{ value: T; credentials: BackstageCredentials }> {
    const path = stackPath(req, options.backendIds());
    const credentials = await httpAuth.credentials(req);
    const value = await find(path);
    if (!value) throw missingStack(path);
    await readable(req, credentials, value.ref);
    return { value, credentials };
  }

  /**
   * The stacks that the caller may read, as a stack list filter, from the policy's one decision for
   * `pulumi.stack.read` without a resource: what the permission backend would ask the policy for any one
   * stack too. Reused for a moment (ReadDecisions).
   */
  async function readFilter(
    req: Request,
    credentials: BackstageCredentials,
  ): Promise<StackListFilter | undefined> {
    const [decision] = await reads.get(req, 'stacks', () =>
      permissions.authorizeConditional(
        [{ permission: pulumiStackReadPermission }],
        { credentials },
      ),
    );
    if (decision.result === AuthorizeResult.DENY) return undefined;
    return decision.result === AuthorizeResult.CONDITIONAL
      ? { permission: options.transformConditions(decision.conditions) }
      : {};
  }

  /**
   * Refuses a caller who may not read the stack. A conditional decision's conditions are applied here, in
   * the database, as they are to the stack list, rather than by a second round trip through the permission
   * backend.
   */
  async function readable(
    req: Request,
    credentials: BackstageCredentials,
    stackRef: string,
  ): Promise<void> {
    const filter = await readFilter(req, credentials);
    if (
      filter &&
      (!filter.permission || (await stacks.matches(stackRef, filter)))
    ) {
      return;
    }
    throw refusal(pulumiStackReadPermission, stackRef);
  }

  return access;
}

/** Refuses a backend id that config does not name, naming `field`. */
function assertKnownBackend(
  configured: string[],
  id: string | undefined,
  field: string,
): void {
  if (id !== undefined && !configured.includes(id)) {
    throw new InputError(
      `Invalid ${field} '${id}': not a configured state backend; configured: ${
        configured.join(', ') || 'none'
      }`,
    );
  }
}

/** The stack path of a request, whose backend config must name. */
function stackPath(req: Request, configured: string[]): StackPath {
  const path = parseInput(stackPathSchema, req.params, 'path');
  assertKnownBackend(configured, path.backend, "path field 'backend'");
  return path;
}

/** The 404 of a stack path that names no stack. */
function missingStack(path: StackPath): NotFoundError {
  const { backend, project, stack } = path;
  return new NotFoundError(
    `No stack ${project}/${stack} in backend '${backend}'`,
  );
}

function refusal(
  refused: ResourcePermission | BasicPermission,
  resourceRef: string | undefined,
): NotAllowedError {
  if (!resourceRef) {
    return new NotAllowedError(`You may not do this (${refused.name})`);
  }
  return new NotAllowedError(
    `You may not ${
      ACTION_VERBS[refused.attributes.action ?? 'update']
    } the stack ${resourceRef} (${refused.name})`,
  );
}

function requesterOf(
  auth: AuthService,
  credentials: BackstageCredentials,
): string {
  if (auth.isPrincipal(credentials, 'user')) {
    return credentials.principal.userEntityRef;
  }
  if (auth.isPrincipal(credentials, 'service')) {
    return `service:${credentials.principal.subject}`;
  }
  return 'unknown';
}
