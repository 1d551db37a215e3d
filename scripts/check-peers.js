#!/usr/bin/env node
// Fails when `yarn install` reports a peer dependency that one of this repository's own packages leaves
// unmet (YN0002) or meets with a version outside what is asked (YN0060), except the mismatches that come
// with Backstage itself and that no package of ours can change:
//
// - Material UI 4, on which Backstage's components are built, asks for React 16 or 17 (and their types);
//   Backstage apps run it on React 18, as create-app's app does.
// - Backstage's backend-defaults asks for better-sqlite3 12, which aborts on Node 24; the backend uses 13.
//
// Run by scripts/test.sh in its lint step.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const UPSTREAM = [
  /^(react|react-dom|@types\/react) is listed by your project with version 18\.[\d.]+ \(\w+\), which doesn't satisfy what @material-ui\/core and other dependencies request \(but they have non-overlapping ranges!\)\.$/,
  /^better-sqlite3 is listed by your project with version 13\.[\d.]+ \(\w+\), which doesn't satisfy what @backstage\/backend-defaults and other dependencies request \(\^12\.0\.0\)\.$/,
];

const output = execFileSync(
  'yarn',
  ['install', '--immutable', '--mode=skip-build'],
  { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } },
);
const warnings = output
  .split('\n')
  .map(line => /(YN0002|YN0060): │ (.*)$/.exec(line))
  .filter(match => match !== null)
  .map(([, code, message]) => ({ code, message }));
const ours = warnings.filter(
  ({ message }) => !UPSTREAM.some(pattern => pattern.test(message)),
);
for (const { code, message } of ours) {
  console.error(`${code}: ${message}`);
}
console.log(
  `peers: ${warnings.length} warnings from yarn install, ${
    warnings.length - ours.length
  } from Backstage's own ranges, ${
    ours.length
  } from this repository's packages`,
);
process.exit(ours.length === 0 ? 0 : 1);
