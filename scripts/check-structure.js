#!/usr/bin/env node
// The structure rules of the repository, checked in the lint step of scripts/test.sh:
// - layering: a package imports only packages of a lower floor (pulumi-common, then pulumi-node and the
//   language hosts, then the backend modules and the frontend plugin, then the apps), never a higher one;
// - no import cycles between the source files of a package;
// - no source file over 400 lines and no function over 120, tests, test utilities and migrations aside.
// Prints each breach and exits 1 when there is one.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 120;
const EXEMPT =
  /(\.test\.tsx?$|__testUtils__\/|\/testUtils\/|__fixtures__\/|\/migrations\/|\/e2e\/|\.d\.ts$)/;

/** The floor of each workspace package: imports go to a lower floor or the same package only. */
const FLOORS = {
  '@stackyard/plugin-pulumi-common': 1,
  '@stackyard/pulumi-language-hosts': 2,
  '@stackyard/plugin-pulumi-node': 2,
  '@stackyard/plugin-pulumi-backend': 3,
  '@stackyard/plugin-scaffolder-backend-module-pulumi': 3,
  '@stackyard/plugin-catalog-backend-module-pulumi': 3,
  '@stackyard/plugin-pulumi': 3,
  app: 4,
  'app-legacy': 4,
  backend: 4,
};

function sourceFiles() {
  return execFileSync('git', ['ls-files', '*.ts', '*.tsx'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter(f => /^(plugins|packages)\/[^/]+\/(src|bench)\//.test(f));
}

function packageOf(file) {
  const dir = file.split('/').slice(0, 2).join('/');
  return JSON.parse(
    fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'),
  ).name;
}

/** The module specifiers a file imports, and whether each import is of types only. */
function importsOf(sf) {
  const specs = [];
  const visit = node => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const typeOnly = ts.isImportDeclaration(node)
        ? Boolean(node.importClause && node.importClause.isTypeOnly)
        : node.isTypeOnly;
      specs.push({ spec: node.moduleSpecifier.text, typeOnly });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return specs;
}

function longFunctions(sf, file, breaches) {
  const visit = node => {
    if (ts.isFunctionLike(node) && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (end - start + 1 > MAX_FUNCTION_LINES) {
        breaches.push(
          `${file}:${start + 1}: a function of ${
            end - start + 1
          } lines (at most ${MAX_FUNCTION_LINES})`,
        );
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

function resolveLocal(from, spec) {
  const base = path.resolve(path.dirname(path.join(root, from)), spec);
  for (const candidate of ['.ts', '.tsx', '/index.ts', '/index.tsx']) {
    if (fs.existsSync(base + candidate))
      return path.relative(root, base + candidate);
  }
  return undefined;
}

/** The cycles of a graph, by Tarjan's strongly connected components of more than one file. */
function cycles(graph) {
  let index = 0;
  const stack = [];
  const meta = new Map();
  const found = [];
  const connect = v => {
    meta.set(v, { index, low: index, onStack: true });
    index += 1;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!meta.has(w)) {
        connect(w);
        meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
      } else if (meta.get(w).onStack) {
        meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
      }
    }
    if (meta.get(v).low === meta.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        meta.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component);
    }
  };
  for (const v of graph.keys()) if (!meta.has(v)) connect(v);
  return found;
}

function main() {
  const breaches = [];
  const graph = new Map();
  for (const file of sourceFiles()) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const own = packageOf(file);
    if (!(own in FLOORS)) {
      breaches.push(
        `${file}: the package ${own} has no floor in scripts/check-structure.js`,
      );
    }
    const edges = [];
    for (const { spec, typeOnly } of importsOf(sf)) {
      if (spec.startsWith('.')) {
        const target = resolveLocal(file, spec);
        // A type-only import is gone at run time, so it makes no cycle.
        if (target && !typeOnly) edges.push(target);
        continue;
      }
      const name = spec.startsWith('@')
        ? spec.split('/').slice(0, 2).join('/')
        : spec.split('/')[0];
      if (name in FLOORS && name !== own && FLOORS[name] >= FLOORS[own]) {
        breaches.push(
          `${file}: ${own} (floor ${FLOORS[own]}) imports ${name} (floor ${FLOORS[name]})`,
        );
      }
    }
    graph.set(file, edges);
    if (EXEMPT.test(file)) continue;
    const lines = text.split('\n').length;
    if (lines > MAX_FILE_LINES) {
      breaches.push(`${file}: ${lines} lines (at most ${MAX_FILE_LINES})`);
    }
    longFunctions(sf, file, breaches);
  }
  for (const cycle of cycles(graph)) {
    breaches.push(`an import cycle: ${cycle.sort().join(' <-> ')}`);
  }
  for (const breach of breaches) console.error(breach);
  console.log(`structure: ${graph.size} files, ${breaches.length} breaches`);
  process.exitCode = breaches.length > 0 ? 1 : 0;
}

main();
