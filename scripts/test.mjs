#!/usr/bin/env node
// Runs the whole vitest suite with coverage, then prints coverage per package and one closing line,
// `vitest: N passed, N failed, N skipped`. Extra arguments go to vitest (`--project ami-client`).
// Exits non-zero when a test fails or a package that ran falls below its coverage floor
// (package.json "pbxkit": { "coverage": { "lines": 90 } }, default 80).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsFile = join(root, '.vitest/results.json');
const summaryFile = join(root, 'coverage/coverage-summary.json');
rmSync(resultsFile, { force: true });
rmSync(summaryFile, { force: true });

const args = [
  'run',
  '--coverage',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultsFile}`,
];
const vitest = spawnSync(join(root, 'node_modules/.bin/vitest'), [...args, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});

const packageOf = (file) => {
  const [area, name] = relative(root, file).split('/');
  return area === 'packages' || area === 'examples' ? `${area}/${name}` : undefined;
};

const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
const ran = new Set((results?.testResults ?? []).map((r) => packageOf(r.name)).filter(Boolean));

let belowFloor = 0;
if (existsSync(summaryFile)) {
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  const totals = new Map();
  for (const [file, metrics] of Object.entries(summary)) {
    const pkg = file === 'total' ? undefined : packageOf(file);
    if (!pkg || !ran.has(pkg)) continue;
    const t = totals.get(pkg) ?? { lines: [0, 0], statements: [0, 0], functions: [0, 0], branches: [0, 0] };
    for (const key of Object.keys(t)) {
      t[key][0] += metrics[key].covered;
      t[key][1] += metrics[key].total;
    }
    totals.set(pkg, t);
  }
  const pct = ([covered, total]) => (total === 0 ? 100 : (100 * covered) / total);
  console.log('\nCoverage by package         lines   stmts  funcs  branches  floor');
  for (const [pkg, t] of [...totals].sort()) {
    const manifest = JSON.parse(readFileSync(join(root, pkg, 'package.json'), 'utf8'));
    const floor = manifest.pbxkit?.coverage?.lines ?? 80;
    const lines = pct(t.lines);
    if (lines < floor) belowFloor++;
    const cols = [lines, pct(t.statements), pct(t.functions), pct(t.branches)].map((n) =>
      n.toFixed(1).padStart(6),
    );
    console.log(
      `  ${pkg.padEnd(26)}${cols.join(' ')}   ${String(floor).padStart(5)}${lines < floor ? '  BELOW FLOOR' : ''}`,
    );
  }
}

const passed = results?.numPassedTests ?? 0;
const failed = results?.numFailedTests ?? 0;
const skipped = (results?.numPendingTests ?? 0) + (results?.numTodoTests ?? 0);
if (belowFloor > 0) console.log(`\n${belowFloor} package(s) below their coverage floor`);
console.log(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(vitest.status !== 0 ? (vitest.status ?? 1) : belowFloor > 0 ? 1 : 0);
