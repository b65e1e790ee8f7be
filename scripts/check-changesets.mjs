#!/usr/bin/env node
// Fails when a published package changed without a changeset naming it.
//
// "Changed" is measured against a base: $CHANGESET_BASE if set; else the merge base with origin/main on
// a branch; else (on main) the last release, i.e. the newest `@pbxkit/<name>@<version>` tag that
// `changeset publish` leaves, or the first commit when nothing was released yet. A package changed when
// anything it publishes or documents changed: src/, package.json, README.md (tests and benchmarks don't
// need a changeset). Private packages (examples/*) never need one.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import parseChangesetModule from '@changesets/parse';

const parseChangeset = parseChangesetModule.default ?? parseChangesetModule;

const root = fileURLToPath(new URL('..', import.meta.url));
const git = (...args) =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
const tryGit = (...args) => {
  try {
    return git(...args);
  } catch {
    return '';
  }
};

function findBase() {
  if (process.env.CHANGESET_BASE) return process.env.CHANGESET_BASE;
  const branch = tryGit('rev-parse', '--abbrev-ref', 'HEAD');
  if (branch !== 'main' && tryGit('rev-parse', '--verify', '-q', 'origin/main')) {
    return tryGit('merge-base', 'HEAD', 'origin/main');
  }
  const tag = tryGit('describe', '--tags', '--abbrev=0', '--match', '@pbxkit/*@*');
  if (tag) return tag;
  return tryGit('rev-list', '--max-parents=0', 'HEAD').split('\n').pop();
}

const base = findBase();
// Committed changes since the base, plus whatever is staged or modified in the work tree.
const changedFiles = new Set(
  [
    base ? tryGit('diff', '--name-only', `${base}`, '--', 'packages') : '',
    tryGit('ls-files', '--others', '--exclude-standard', '--', 'packages'),
  ]
    .join('\n')
    .split('\n')
    .filter(Boolean),
);
// The first commit itself counts as a change too.
if (base && !process.env.CHANGESET_BASE && !tryGit('rev-parse', '--verify', '-q', `${base}^`)) {
  for (const f of tryGit('show', '--name-only', '--format=', base).split('\n')) if (f) changedFiles.add(f);
}

const published = (file) =>
  /^packages\/[^/]+\/(src\/|package\.json$|README\.md$)/.test(file) && !/\.test(-d)?\.ts$/.test(file);
const changedPackages = new Set();
for (const file of changedFiles) {
  if (!published(file)) continue;
  const dir = file.split('/').slice(0, 2).join('/');
  const manifestPath = join(root, dir, 'package.json');
  if (!existsSync(manifestPath)) continue; // the package was removed
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (!manifest.private) changedPackages.add(manifest.name);
}

// Every package named by a pending changeset, read with changesets' own parser: a changeset it cannot
// read (a formatter rewrote its front matter, say) fails the check instead of silently covering nothing.
const covered = new Set();
const unreadable = [];
const changesetDir = join(root, '.changeset');
for (const entry of existsSync(changesetDir) ? readdirSync(changesetDir) : []) {
  if (!entry.endsWith('.md') || entry === 'README.md') continue;
  try {
    const { releases } = parseChangeset(readFileSync(join(changesetDir, entry), 'utf8'));
    if (releases.length === 0) throw new Error('names no package');
    for (const release of releases) covered.add(release.name);
  } catch (error) {
    unreadable.push(`.changeset/${entry}: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
  }
}
if (unreadable.length > 0) {
  console.error(`changesets: unreadable changeset(s):\n  ${unreadable.join('\n  ')}`);
  process.exit(1);
}

const missing = [...changedPackages].filter((name) => !covered.has(name)).sort();
const since = base ? `since ${base.slice(0, 12)}` : '';
if (missing.length > 0) {
  console.error(
    `changesets: ${missing.join(', ')} changed ${since} without a changeset. Run \`./kit changeset\`.`,
  );
  process.exit(1);
}
console.log(`changesets: ${changedPackages.size} changed package(s) ${since}, all covered by a changeset.`);
