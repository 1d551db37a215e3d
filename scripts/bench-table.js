#!/usr/bin/env node
// Prints the figures that the benchmarks recorded (recordFigure in plugins/pulumi-backend/bench/benchUtils.ts)
// as one table, in the order of their ids: scripts/bench.sh runs it at the end.
//
//   node scripts/bench-table.js <figures.jsonl>
'use strict';

const { readFileSync } = require('node:fs');

const file = process.argv[2];
const figures = readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map(line => JSON.parse(line))
  .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));

if (figures.length === 0) {
  console.log('no figures were recorded');
  process.exit(0);
}
const columns = [
  ['figure', f => f.id],
  ['what', f => f.name],
  ['value', f => f.value],
  ['beside', f => f.beside],
  ['goal', f => f.goal],
  ['', f => (f.met === undefined ? '' : f.met ? 'met' : 'MISSED')],
];
const rows = figures.map(f => columns.map(([, get]) => String(get(f))));
const widths = columns.map(([title], i) =>
  Math.max(title.length, ...rows.map(r => r[i].length)),
);
const line = cells =>
  `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(columns.map(([title]) => title)));
console.log(`|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`);
rows.forEach(r => console.log(line(r)));
