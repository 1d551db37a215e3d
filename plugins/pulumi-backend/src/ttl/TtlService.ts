import {
  AuditorService,
  AuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  FINISHED_RUN_STATUSES,
  parseStackRef,
  parseStackTtl,
  pulumiStackDestroyPermission,
  PulumiStackTtl,
  PULUMI_TTL_REQUESTER,
  PULUMI_TTL_TAG,
  stringifyStackRef,
} from '@stackyard/plugin-pulumi-common';
import type {
  PulumiEngineService,
  StackListing,
  StackRef,
} from '@stackyard/plugin-pulumi-node';
import type { StackProtection } from '@stackyard/plugin-pulumi-node';
import type { RunStore } from '../database/RunStore';
import type { TtlSighting, TtlStore } from '../database/TtlStore';
import type { RunQueue } from '../runs/RunQueue';
import {
  notifyEntities,
  PulumiNotification,
  stackLink,
} from '../util/notifyEntities';
import type { ProjectRetirement } from './ProjectRetirement';

const STACK_TYPE = 'pulumi:pulumi:Stack';

const PROTECTED_MESSAGE =
  'The stack is protected: a time to live never destroys a protected stack. Remove the stackyard:ttl tag, or the protection.';

function ttlRef(ttl: Pick<PulumiStackTtl, 'stackRef'>): StackRef {
  const { backendId, project, stack } = parseStackRef(ttl.stackRef);
  return { backendId, project, stack };
}

/** What {@link TtlService} needs. */
export interface TtlServiceOptions {
  engine: PulumiEngineService;
  ttls: TtlStore;
  runs: RunStore;
  queue: RunQueue;
  protection: StackProtection;
  retirement: ProjectRetirement;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  notifications?: NotificationService;
  /** The owners of a stack, whom its warnings and ends are told to. */
  ownersOf: (stackRef: string) => Promise<string[]>;
  /** How long before its end a stack's owners are told. */
  warnBeforeMs: number;
  /** Called after a stack was removed, to refresh the cache of its backend. */
  onStackRemoved?: (ref: StackRef) => Promise<void>;
  /** The time; a test's clock in tests. */
  now?: () => Date;
}

/**
 * Ends the stacks whose time to live (the tag `stackyard:ttl`) is up. Each sweep reads the tag of every
 * stack that has one from its state backend, warns the owners ahead of the end, and at the end queues a
 * destroy, as `stackyard:ttl`, through the one run queue; a later sweep finds the destroy ended, then
 * removes the stack, unpublishes and unregisters its project, and tells the owners. A destroy that fails
 * leaves the stack `ttl_failed`, with the engine's message, until its tag changes: never a retry loop.
 * Protected stacks are never destroyed: a time to live on one is a configuration error (`invalid`).
 */
export class TtlService {
  constructor(private readonly options: TtlServiceOptions) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /**
   * Pushes the end of a stack's time to live `byMs` later than its end, or than now if that passed: the tag
   * becomes that time. Fails with a NotFoundError for a stack without one, and a ConflictError while the
   * destroy that ends it runs.
   */
  async extend(stackRef: string, byMs: number): Promise<PulumiStackTtl> {
    const { ttls, engine } = this.options;
    const ttl = await ttls.getTtl(stackRef);
    if (!ttl) {
      throw new NotFoundError(
        `${stackRef} has no time to live (no ${PULUMI_TTL_TAG} tag that Stackyard has seen)`,
      );
    }
    if (ttl.status === 'expiring') {
      throw new ConflictError(
        `${stackRef} is being destroyed at the end of its time to live (run ${ttl.runId})`,
      );
    }
    const from = Math.max(
      Date.parse(ttl.expiresAt ?? '') || 0,
      this.now().getTime(),
    );
    const until = new Date(from + byMs);
    const ref = ttlRef(ttl);
    await engine.setStackTag(ref, PULUMI_TTL_TAG, until.toISOString());
    return ttls.saveSighting({
      ...ref,
      stackRef,
      tag: until.toISOString(),
      expiresAt: until,
    });
  }

  async sweep(): Promise<void> {
    for (const { id } of this.options.engine.listBackends()) {
      try {
        await this.sweepBackend(id);
      } catch (error) {
        this.options.logger.warn(
          `Could not sweep the time to live of backend '${id}': ${error}`,
        );
      }
    }
  }

  private async sweepBackend(backendId: string): Promise<void> {
    const { engine, ttls, logger } = this.options;
    const known = await ttls.listTtls(backendId);
    const tagged = await engine.listStacks(backendId, { tag: PULUMI_TTL_TAG });
    for (const listing of tagged) {
      const ref = stringifyStackRef(listing);
      try {
        await this.sweepStack(listing, known.get(ref));
      } catch (error) {
        logger.warn(`Could not sweep the time to live of ${ref}: ${error}`);
      }
      known.delete(ref);
    }
    // Stacks that lost the tag, or that are gone: forgotten, unless their destroy is still to be settled.
    for (const ttl of known.values()) {
      if (ttl.status === 'expiring') await this.settle(ttl);
      else await ttls.deleteTtl(ttl.stackRef);
    }
  }

  private async sweepStack(listing: StackListing, known?: PulumiStackTtl) {
    const tags = await this.options.engine.getStackTags(listing);
    const tag = tags[PULUMI_TTL_TAG];
    if (tag === undefined) return;
    const ttl =
      known && known.tag === tag
        ? known
        : await this.options.ttls.saveSighting(
            await this.sight(listing, tag, tags),
          );
    if (ttl.status === 'active' || ttl.status === 'warned') {
      await this.enforce(ttl, listing, tags);
    } else if (ttl.status === 'expiring') {
      await this.settle(ttl);
    }
  }

  /** A tag, read: when the stack ends, or why it never will. */
  private async sight(
    listing: StackListing,
    tag: string,
    tags: Record<string, string>,
  ): Promise<TtlSighting> {
    const ref = stringifyStackRef(listing);
    const base = {
      stackRef: ref,
      backendId: listing.backendId,
      project: listing.project,
      stack: listing.stack,
      tag,
    };
    const parsed = parseStackTtl(tag);
    if (!parsed.ok) return { ...base, message: parsed.message };
    if (this.options.protection.protectedBy(ref, tags)) {
      return { ...base, message: PROTECTED_MESSAGE };
    }
    if ('at' in parsed) return { ...base, expiresAt: parsed.at };
    const created = await this.createdAt(listing);
    return {
      ...base,
      expiresAt: new Date(created.getTime() + parsed.afterCreationMs),
    };
  }

  /** When the stack was created: its stack resource's, or now for a stack never updated. */
  private async createdAt(ref: StackRef): Promise<Date> {
    const state = await this.options.engine.exportState(ref);
    const created = state.resources.find(r => r.type === STACK_TYPE)?.created;
    return created ? new Date(created) : this.now();
  }

  /** Warns ahead of the end, and ends the stack when its time is up. */
  private async enforce(
    ttl: PulumiStackTtl,
    ref: StackRef,
    tags: Record<string, string>,
  ): Promise<void> {
    const expiresAt = Date.parse(ttl.expiresAt!);
    const now = this.now().getTime();
    if (now >= expiresAt) {
      await this.expire(ttl, tags);
    } else if (
      ttl.status === 'active' &&
      now >= expiresAt - this.options.warnBeforeMs &&
      (await this.options.ttls.setStatus(ttl.stackRef, ['active'], {
        status: 'warned',
      }))
    ) {
      await this.tell(ttl.stackRef, {
        title: `${ref.project}/${ref.stack} will be destroyed ${ttl.expiresAt}`,
        description: `Its time to live (${PULUMI_TTL_TAG}=${ttl.tag}) ends then: Stackyard destroys it and removes it. Extend it from the stack's page to keep it.`,
        severity: 'high',
      });
    }
  }

  /** Queues the destroy that ends the stack, unless it is protected or the policy forbids it. */
  private async expire(ttl: PulumiStackTtl, tags: Record<string, string>) {
    const { ttls, protection, queue, logger } = this.options;
    if (protection.protectedBy(ttl.stackRef, tags)) {
      await ttls.setStatus(ttl.stackRef, ['active', 'warned'], {
        status: 'invalid',
        message: PROTECTED_MESSAGE,
      });
      return;
    }
    try {
      await this.assertMayDestroy(ttl.stackRef);
      const run = await queue.enqueue(
        ttl.stackRef,
        'destroy',
        PULUMI_TTL_REQUESTER,
      );
      await ttls.setStatus(ttl.stackRef, ['active', 'warned'], {
        status: 'expiring',
        runId: run.id,
      });
      logger.info(`The time to live of ${ttl.stackRef} is up: run ${run.id}`);
    } catch (error) {
      // Another run holds the stack: the next sweep tries again.
      if (error instanceof ConflictError) return;
      await this.fail(ttl, (error as Error).message);
    }
  }

  private async assertMayDestroy(stackRef: string): Promise<void> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const [decision] = await this.options.permissions.authorize(
      [{ permission: pulumiStackDestroyPermission, resourceRef: stackRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new Error(
        `The permission policy does not let Stackyard's time-to-live task destroy ${stackRef} (pulumi.stack.destroy)`,
      );
    }
  }

  /** Once the destroy ended: removes what is left, or records why it could not. */
  private async settle(ttl: PulumiStackTtl): Promise<void> {
    const run = ttl.runId
      ? await this.options.runs.getRun(ttl.runId)
      : undefined;
    if (run && !FINISHED_RUN_STATUSES.includes(run.status)) return;
    if (run?.status !== 'succeeded') {
      await this.fail(ttl, run?.error ?? 'The destroy run is gone');
      return;
    }
    try {
      await this.remove(ttl);
    } catch (error) {
      await this.fail(ttl, (error as Error).message);
    }
  }

  private async remove(ttl: PulumiStackTtl): Promise<void> {
    const { engine, retirement, ttls, auditor, onStackRemoved } = this.options;
    const ref = ttlRef(ttl);
    const owners = await this.options.ownersOf(ttl.stackRef);
    const audit = await auditor.createEvent({
      eventId: 'stack-ttl-expire',
      severityLevel: 'high',
      meta: { stackRef: ttl.stackRef, ttl: ttl.tag, runId: ttl.runId ?? '' },
    });
    await engine.removeStack(ref);
    const unregistered = await retirement.retire(ref);
    await ttls.deleteTtl(ttl.stackRef);
    await audit.success({ meta: { unregistered } });
    await onStackRemoved?.(ref);
    await this.notify(owners, ttl.stackRef, {
      title: `${ref.project}/${ref.stack} was destroyed at the end of its time to live`,
      description: `Its resources, the stack and ${
        unregistered.length > 0
          ? `its catalog entities (${unregistered.join(', ')})`
          : 'its project'
      } are gone.`,
      severity: 'normal',
    });
  }

  private async fail(ttl: PulumiStackTtl, message: string): Promise<void> {
    const moved = await this.options.ttls.setStatus(
      ttl.stackRef,
      ['active', 'warned', 'expiring'],
      { status: 'ttl_failed', message },
    );
    if (!moved) return;
    this.options.logger.warn(
      `Could not end ${ttl.stackRef} at the end of its time to live: ${message}`,
    );
    const { project, stack } = ttlRef(ttl);
    await this.tell(ttl.stackRef, {
      title: `${project}/${stack} could not be destroyed at the end of its time to live`,
      description: `${message}. Stackyard does not try again until its ${PULUMI_TTL_TAG} tag changes.`,
      severity: 'high',
    });
  }

  private async tell(
    stackRef: string,
    payload: Pick<PulumiNotification, 'title' | 'description' | 'severity'>,
  ) {
    await this.notify(await this.options.ownersOf(stackRef), stackRef, payload);
  }

  private async notify(
    owners: string[],
    stackRef: string,
    payload: Pick<PulumiNotification, 'title' | 'description' | 'severity'>,
  ): Promise<void> {
    await notifyEntities(
      this.options.notifications,
      this.options.logger,
      owners,
      {
        ...payload,
        link: stackLink(ttlRef({ stackRef })),
        topic: `pulumi-ttl:${stackRef}`,
      },
    );
  }
}
