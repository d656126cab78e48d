#!/usr/bin/env node
// `npm run pack:plugins [directory]`: the plugin packages as tarballs, for a
// Backstage app to install before they are on a registry, and prints the
// `resolutions` that point the app's yarn at them. Default
// directory: dist-packages/. Runs tsc first.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packAll, repoRoot } from '@internal/test-kit';

const destination = resolve(process.argv[2] ?? join(repoRoot, 'dist-packages'));
mkdirSync(destination, { recursive: true });
const resolutions = Object.fromEntries(
  packAll(destination).map(({ name, tarball }) => [name, `file:${tarball}`]),
);
// The block for the app's root package.json (README, "Before the packages
// are on your registry"): yarn then takes every package of the suite, and
// the suite's packages they depend on, from these tarballs.
console.log(JSON.stringify({ resolutions }, null, 2));
