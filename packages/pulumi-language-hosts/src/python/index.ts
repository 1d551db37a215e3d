/**
 * pulumi-language-python: Pulumi's language host for Python programs and plugins, in TypeScript.
 *
 * @packageDocumentation
 */

import { runLanguageHost } from '../common/serve';
import { pythonHost } from './main';

runLanguageHost(pythonHost);
