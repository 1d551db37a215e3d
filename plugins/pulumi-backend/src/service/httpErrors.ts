import { InputError } from '@backstage/errors';
import express, { NextFunction, Request, Response } from 'express';

// What Express and its body parser reject before a route runs, answered as the API answers everything
// else: a JSON error that says which part of the request is wrong.

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  regexp: RegExp;
  keys: Array<{ name: string }>;
}

const layersOf = (router: express.Router) =>
  (router as unknown as { stack: RouteLayer[] }).stack.filter(l => l.route);

function decodes(value: string | undefined): boolean {
  try {
    if (value !== undefined) decodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
}

/** The name of the path field of `path` that is not valid percent-encoding, by the route it matches. */
function undecodableField(
  router: express.Router,
  path: string,
): string | undefined {
  for (const layer of layersOf(router)) {
    const match = layer.regexp.exec(path);
    const index = match?.slice(1).findIndex(value => !decodes(value)) ?? -1;
    if (index >= 0) return layer.keys[index]?.name;
  }
  return undefined;
}

/**
 * Turns the errors of Express's URL decoding and of the JSON body parser into InputErrors that name the
 * path field or the body.
 */
export function requestErrors(options: {
  router: express.Router;
  bodyLimit: string;
}) {
  return (error: any, req: Request, _res: Response, next: NextFunction) => {
    if (
      error?.name === 'URIError' &&
      String(error.message).startsWith('Failed to decode param')
    ) {
      const field = undecodableField(options.router, req.path);
      next(
        new InputError(
          `Invalid path${
            field ? ` field '${field}'` : ''
          }: it is not valid percent-encoding`,
        ),
      );
    } else if (error?.type === 'entity.too.large') {
      next(
        new InputError(
          `Invalid body: it is larger than the ${
            typeof error.limit === 'number'
              ? `${Math.round(error.limit / 1024)}kb`
              : options.bodyLimit
          } limit`,
        ),
      );
    } else if (error?.type === 'entity.parse.failed') {
      next(new InputError(`Invalid body: it is not valid JSON`));
    } else if (typeof error?.code === 'string' && error.code.startsWith('Z_')) {
      next(
        new InputError(
          `Invalid body: it is not ${req.header(
            'content-encoding',
          )} data, as its Content-Encoding header says`,
        ),
      );
    } else if (error?.type === 'encoding.unsupported') {
      next(
        new InputError(
          `Invalid header 'Content-Encoding': ${JSON.stringify(
            req.header('content-encoding'),
          )} is not gzip, deflate or identity`,
        ),
      );
    } else {
      next(error);
    }
  };
}

/**
 * Answers a request for a path that the router serves, with a method that it does not serve, with 405,
 * the methods it does serve in `Allow`, and a JSON error; OPTIONS gets 204 with `Allow`. Added after
 * every route.
 */
export function methodNotAllowed(router: express.Router): void {
  const methods = new Map<string, Set<string>>();
  for (const { route } of layersOf(router)) {
    const set = methods.get(route!.path) ?? new Set<string>();
    for (const method of Object.keys(route!.methods)) {
      set.add(method.toUpperCase());
      if (method === 'get') set.add('HEAD');
    }
    methods.set(route!.path, set);
  }
  for (const [path, set] of methods) {
    const allow = [...set].sort().join(', ');
    router.all(path, (req: Request, res: Response) => {
      res.set('Allow', allow);
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
      res.status(405).json({
        error: {
          name: 'MethodNotAllowedError',
          message: `Method ${req.method} is not allowed here; allowed: ${allow}`,
        },
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: 405 },
      });
    });
  }
}
