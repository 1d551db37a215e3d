/**
 * pulumi-language-nodejs: Pulumi's language host for Node.js programs and plugins, in TypeScript.
 *
 * @packageDocumentation
 */

import { runLanguageHost } from '../common/serve';
import { nodejsHost } from './main';

runLanguageHost(nodejsHost);
