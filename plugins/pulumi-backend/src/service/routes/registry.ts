import { Request, Router } from 'express';
import type { StackFilter } from '../../database/StackStore';
import {
  packagePathSchema,
  parseInput,
  registryQuerySchema,
} from '../validation';
import type { RouteContext } from './context';

/**
 * The usage registry: which packages and component types the stacks use, in which versions, and which
 * templates created them, over the stacks the caller may read, as the stack list filters them; and what one stack uses.
 */
export function addRegistryRoutes(router: Router, context: RouteContext): void {
  const { registry } = context;

  router.get('/registry/packages', async (req, res) => {
    const { filter, page } = await registryRequest(req, context);
    res.json(await registry.listPackages(filter, page));
  });

  router.get('/registry/packages/:name', async (req, res) => {
    const { name } = parseInput(packagePathSchema, req.params, 'path');
    const { filter, page } = await registryRequest(req, context);
    res.json(await registry.getPackage(name, filter, page));
  });

  router.get('/registry/components', async (req, res) => {
    const { filter, page } = await registryRequest(req, context);
    res.json(await registry.listComponents(filter, page));
  });

  router.get('/registry/templates', async (req, res) => {
    const { filter, page } = await registryRequest(req, context);
    res.json(await registry.listTemplates(filter, page));
  });

  router.get('/stacks/:backend/:project/:stack/packages', async (req, res) => {
    const { stackRef } = await context.access.readableStackRef(req);
    res.json({ items: await registry.stackPackages(stackRef) });
  });
}

/** The query of a registry list, and the stacks it covers: none when the caller may read none. */
async function registryRequest(
  req: Request,
  context: RouteContext,
): Promise<{
  filter?: StackFilter;
  page: { limit: number; cursor?: string };
}> {
  const query = parseInput(registryQuerySchema, req.query, 'query');
  const readable = await context.access.readableStacksFilter(req);
  return {
    filter: readable && { ...readable, owner: query.owner },
    page: { limit: query.limit, cursor: query.cursor },
  };
}
