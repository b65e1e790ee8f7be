#!/usr/bin/env node
// Creates packages/<name> from tools/package-template: `pnpm new-package <name> "<one-line description>"`.
// Everything a package needs lives in its own folder; the workspace, vitest, typedoc, tsc, publint and
// the coverage report find it by the packages/* glob, so nothing outside the folder is edited.
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [name, description = `@pbxkit/${name}`] = process.argv.slice(2);
if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error('usage: pnpm new-package <kebab-case-name> "<one-line description>"');
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const target = join(root, 'packages', name);
if (existsSync(target)) {
  console.error(`packages/${name} exists already`);
  process.exit(1);
}
cpSync(join(root, 'tools/package-template'), target, { recursive: true });

const fill = (dir) => {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) fill(path);
    else
      writeFileSync(
        path,
        readFileSync(path, 'utf8').replaceAll('{{name}}', name).replaceAll('{{description}}', description),
      );
  }
};
fill(target);
console.log(
  `created packages/${name}: run \`./kit install\`, then \`./kit test --project ${name}\`, and add a changeset (\`./kit changeset\`).`,
);
