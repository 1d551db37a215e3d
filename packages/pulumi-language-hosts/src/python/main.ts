import { version as sdkVersion } from '@pulumi/pulumi/version';
import type { LanguageHostDefinition } from '../common/serve';
import { createPythonRuntimeServer } from './server';

/**
 * pulumi-language-python: it runs programs whose Pulumi.yaml says `runtime: python`, through our exec
 * script and the program's own Python SDK, and Python plugins from source.
 */
export const pythonHost: LanguageHostDefinition = {
  name: 'pulumi-language-python',
  version: sdkVersion,
  createServer: (_args, session) => createPythonRuntimeServer(session),
};
