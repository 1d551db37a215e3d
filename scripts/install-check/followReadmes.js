// Follows the package READMEs' installation steps (readmeSteps.js) in an app that create-app made:
//
//   node scripts/install-check/followReadmes.js <app> <tarballs.json> <README>...
//
// Stackyard's packages are not on a registry, so each `yarn --cwd <workspace> add <package>` runs as
// written but with the package's tarball (`yarn pack`) as its source, and the app's root package.json
// resolves the packages' dependencies on each other to their tarballs too. That is the only change to the
// steps. A step that an earlier README took already (the same package, the same line) is not taken twice.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { installationSteps } = require('./readmeSteps');

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Every Stackyard package resolves to its tarball, wherever the app's packages depend on it. */
function resolveToTarballs(app, tarballs) {
  const file = path.join(app, 'package.json');
  const root = readJson(file);
  root.resolutions = { ...root.resolutions };
  for (const [name, tarball] of Object.entries(tarballs)) {
    root.resolutions[name] = `file:${tarball}`;
  }
  writeJson(file, root);
}

function add(app, tarballs, { workspace, pkg }) {
  const tarball = tarballs[pkg];
  if (!tarball) {
    throw new Error(
      `the README installs ${pkg}, which is not one of the packed packages`,
    );
  }
  const manifest = readJson(path.join(app, workspace, 'package.json'));
  if (manifest.dependencies?.[pkg]) {
    console.log(`already in ${workspace}: ${pkg}`);
    return;
  }
  console.log(
    `$ yarn --cwd ${workspace} add ${pkg}   (from ${path.basename(tarball)})`,
  );
  execFileSync('yarn', ['--cwd', workspace, 'add', `${pkg}@file:${tarball}`], {
    cwd: app,
    stdio: 'inherit',
    // Yarn 4.13's `add` on Node 24 crashes ("The `onCancel` handler was attached after the promise
    // settled") when it retries a request that failed, where `install` does not; the request it retries
    // is not one the install needs, and without retries it completes.
    env: { ...process.env, YARN_HTTP_RETRY: '0' },
  });
}

/** Imports go after the index's last import, other lines before `backend.start();`. */
function editBackend(app, { code }) {
  const file = path.join(app, 'packages/backend/src/index.ts');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const fresh = code.filter(line => line.trim() && !lines.includes(line));
  const imports = fresh.filter(line => line.startsWith('import '));
  const statements = fresh.filter(line => !line.startsWith('import '));
  const lastImport = lines.reduce(
    (last, line, index) => (line.startsWith('import ') ? index : last),
    -1,
  );
  lines.splice(lastImport + 1, 0, ...imports);
  const start = lines.indexOf('backend.start();');
  if (start < 0) {
    throw new Error(`${file} has no backend.start();`);
  }
  lines.splice(start, 0, ...statements);
  fs.writeFileSync(file, lines.join('\n'));
  fresh.forEach(line =>
    console.log(`packages/backend/src/index.ts += ${line}`),
  );
}

function main([app, tarballsFile, ...readmes]) {
  const tarballs = readJson(tarballsFile);
  resolveToTarballs(app, tarballs);
  for (const readme of readmes) {
    console.log(`── ${readme}`);
    const steps = installationSteps(fs.readFileSync(readme, 'utf8'));
    if (steps.length === 0) {
      throw new Error(`${readme} has no installation steps`);
    }
    for (const step of steps) {
      if (step.kind === 'add') {
        add(app, tarballs, step);
      } else {
        editBackend(app, step);
      }
    }
  }
}

main(process.argv.slice(2));
