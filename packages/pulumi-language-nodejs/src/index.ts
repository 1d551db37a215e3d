/**
 * pulumi-language-nodejs: Pulumi's language host for Node.js programs and plugins, in TypeScript.
 *
 * @packageDocumentation
 */

import { messageOf } from './errors';
import { main } from './main';

main(process.argv.slice(2)).catch(error => {
  process.stderr.write(`pulumi-language-nodejs: ${messageOf(error)}\n`);
  process.exit(1);
});
