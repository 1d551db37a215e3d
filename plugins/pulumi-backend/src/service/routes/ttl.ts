import { ServiceUnavailableError } from '@backstage/errors';
import {
  parseStackTtl,
  pulumiStackOperatePermission,
} from '@stackyard/plugin-pulumi-common';
import { Router } from 'express';
import { auditedChange } from '../audited';
import { parseInput, ttlExtendBodySchema } from '../validation';
import type { RouteContext } from './context';

/** A stack's time to live: where it stands, and extending it. */
export function addTtlRoutes(router: Router, context: RouteContext): void {
  const { access, ttls } = context;

  router.get('/stacks/:backend/:project/:stack/ttl', async (req, res) => {
    const { stackRef } = await access.readableStackRef(req);
    res.json({ ttl: (await ttls.getTtl(stackRef)) ?? null });
  });

  router.post(
    '/stacks/:backend/:project/:stack/ttl/extend',
    async (req, res) => {
      const body = parseInput(ttlExtendBodySchema, req.body ?? {}, 'body');
      const { stackRef, credentials } = await access.readableStackRef(req);
      const ttl = await auditedChange(context, req, {
        eventId: 'stack-ttl-extend',
        severityLevel: 'medium',
        meta: { stackRef, by: body.by },
        credentials,
        permission: pulumiStackOperatePermission,
        resourceRef: stackRef,
        work: () => {
          const service = context.ttl();
          if (!service) {
            throw new ServiceUnavailableError(
              'The Pulumi engine is unavailable, so the stack tag cannot be changed',
            );
          }
          const parsed = parseStackTtl(body.by);
          return service.extend(
            stackRef,
            'afterCreationMs' in parsed ? parsed.afterCreationMs : 0,
          );
        },
        metaOf: extended => ({ expiresAt: extended.expiresAt ?? '' }),
      });
      res.json({ ttl });
    },
  );
}
