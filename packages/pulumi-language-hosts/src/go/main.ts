import { version as sdkVersion } from '@pulumi/pulumi/version';
import type { LanguageHostDefinition } from '../common/serve';
import { createLanguageRuntimeServer } from './server';

/**
 * pulumi-language-go: it builds and runs programs whose Pulumi.yaml says `runtime: go`, and Go plugins
 * from source, with the Go toolchain on the PATH.
 */
export const goHost: LanguageHostDefinition = {
  name: 'pulumi-language-go',
  version: sdkVersion,
  createServer(_args, session) {
    return createLanguageRuntimeServer(session);
  },
};
