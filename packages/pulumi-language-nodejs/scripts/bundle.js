#!/usr/bin/env node
/*
 * Bundles the language host into one self-contained executable file, with @grpc/grpc-js, google-protobuf
 * and Pulumi's gRPC stubs inside, so that it runs without any node_modules:
 *
 *   node scripts/bundle.js <outfile>
 *
 * tools/pulumi-engine/build.sh puts the bundle beside the pulumi binary; the tests run it too.
 */
const { chmodSync } = require('node:fs');
const path = require('node:path');

/** Writes the bundle to `outfile` and makes it executable. */
async function bundle(outfile) {
  // eslint-disable-next-line @backstage/no-undeclared-imports
  const esbuild = require('esbuild');
  await esbuild.build({
    entryPoints: [path.resolve(__dirname, '../src/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    legalComments: 'none',
    logLevel: 'warning',
  });
  chmodSync(outfile, 0o755);
}

module.exports = { bundle };

if (require.main === module) {
  const outfile = process.argv[2];
  if (!outfile) {
    process.stderr.write('usage: node scripts/bundle.js <outfile>\n');
    process.exit(2);
  }
  bundle(path.resolve(outfile)).catch(error => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(1);
  });
}
