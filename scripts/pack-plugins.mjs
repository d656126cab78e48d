#!/usr/bin/env node
// `npm run pack:plugins [directory]`: the plugin packages as tarballs, for a
// Backstage app to install before they are on a registry
// (`npm install --workspace packages/backend ./ai-refarch-plugin-….tgz`).
// Default directory: dist-packages/. Runs tsc first.
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './lib/backend.mjs';
import { buildAndPack, pluginPackages, run } from './lib/pack.mjs';

const destination = resolve(process.argv[2] ?? join(repoRoot, 'dist-packages'));
mkdirSync(destination, { recursive: true });
run('npx', ['tsc'], repoRoot);
for (const { path, pkg } of pluginPackages()) {
  const { filename } = buildAndPack(path, destination);
  rmSync(join(path, 'dist'), { recursive: true, force: true });
  console.log(`${pkg.name}: ${join(destination, filename)}`);
}
