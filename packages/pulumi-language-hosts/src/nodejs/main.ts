import { version as sdkVersion } from '@pulumi/pulumi/version';
import type { LanguageHostDefinition } from '../common/serve';
import { createLanguageRuntimeServer } from './server';

/**
 * pulumi-language-nodejs: it runs programs whose Pulumi.yaml says `runtime: nodejs`, with node (or with
 * bun, given `--runtime bun`), Node.js plugins from source and Node.js policy packs.
 */
export const nodejsHost: LanguageHostDefinition = {
  name: 'pulumi-language-nodejs',
  version: sdkVersion,
  createServer(args, session) {
    if (args.runtime !== 'nodejs' && args.runtime !== 'bun') {
      throw new Error(`unsupported runtime: ${args.runtime}`);
    }
    return createLanguageRuntimeServer(
      Object.assign(session, { runtime: args.runtime }),
    );
  },
};
