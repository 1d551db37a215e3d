import { PulumiHealth } from '@stackyard/plugin-pulumi-common';
import express from 'express';
import Router from 'express-promise-router';

/**
 * The REST API of the Pulumi plugin.
 *
 * @internal
 */
export async function createRouter(options: {
  health: () => PulumiHealth;
}): Promise<express.Router> {
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    const health = options.health();
    res.status(health.status === 'ok' ? 200 : 503).json(health);
  });

  return router;
}
