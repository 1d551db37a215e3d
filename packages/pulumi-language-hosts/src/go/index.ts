/**
 * pulumi-language-go: Pulumi's language host for Go programs and plugins, in TypeScript.
 *
 * @packageDocumentation
 */

import { runLanguageHost } from '../common/serve';
import { goHost } from './main';

runLanguageHost(goHost);
