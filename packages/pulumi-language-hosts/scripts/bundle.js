#!/usr/bin/env node
/*
 * Bundles the language hosts into self-contained executable files, with @grpc/grpc-js, google-protobuf and
 * Pulumi's gRPC stubs inside, so that they run without any node_modules:
 *
 *   node scripts/bundle.js <folder> [nodejs|python|go ...]
 *
 * writes <folder>/pulumi-language-<language> for each language (all three by default), and the files a host
 * runs beside itself: pulumi-language-python-exec, the Python host's exec script. tools/pulumi-engine/build.sh
 * puts the bundles beside the pulumi binary; the tests run them too.
 */
const { chmodSync, copyFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');

const languages = ['nodejs', 'python', 'go'];
// Files a host finds beside its own executable, by language.
const companions = { python: ['pulumi-language-python-exec'] };

/** Writes the host of `language` into `folder` and makes it executable; returns its path. */
async function bundle(language, folder) {
  // eslint-disable-next-line @backstage/no-undeclared-imports
  const esbuild = require('esbuild');
  mkdirSync(folder, { recursive: true });
  const outfile = path.join(folder, `pulumi-language-${language}`);
  await esbuild.build({
    entryPoints: [path.resolve(__dirname, '../src', language, 'index.ts')],
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
  for (const file of companions[language] ?? []) {
    const target = path.join(folder, file);
    copyFileSync(path.resolve(__dirname, '../bin', file), target);
    chmodSync(target, 0o755);
  }
  return outfile;
}

module.exports = { bundle, languages };

if (require.main === module) {
  const [folder, ...chosen] = process.argv.slice(2);
  const unknown = chosen.filter(language => !languages.includes(language));
  if (!folder || unknown.length > 0) {
    process.stderr.write(
      `usage: node scripts/bundle.js <folder> [${languages.join('|')} ...]\n`,
    );
    process.exit(2);
  }
  (async () => {
    for (const language of chosen.length > 0 ? chosen : languages) {
      await bundle(language, path.resolve(folder));
    }
  })().catch(error => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(1);
  });
}
