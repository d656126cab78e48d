#!/usr/bin/env node
// Fails when npm resolved more than one version of a package that must be a
// singleton at run time. Mixed Backstage releases install and type-check, then
// break pages in the browser ("PAGE NOT FOUND", react-aria crashes), so this
// runs first in the test suite.
import { spawnSync } from 'node:child_process';

const SINGLETONS = new Set([
  'react',
  'react-dom',
  'react-router',
  'react-router-dom',
  '@material-ui/core',
  'react-aria-components',
]);

// `npm ls` exits non-zero for peer ranges that legacy-peer-deps accepts, so
// only its JSON is read.
const { stdout } = spawnSync('npm', ['ls', '--all', '--json'], {
  encoding: 'utf8',
  maxBuffer: 512 * 1024 * 1024,
  stdio: ['ignore', 'pipe', 'ignore'],
});
/** A node of `npm ls --all --json`. */
type DependencyNode = {
  version?: string;
  dependencies?: Record<string, DependencyNode>;
  problems?: string[];
};
const tree: DependencyNode = JSON.parse(stdout);

const seen = new Map<string, Set<string>>();
const walk = (node: DependencyNode) => {
  for (const [name, dep] of Object.entries(node.dependencies ?? {})) {
    if (
      dep.version &&
      (name.startsWith('@backstage/') || SINGLETONS.has(name))
    ) {
      const versions = seen.get(name) ?? new Set();
      seen.set(name, versions.add(dep.version));
    }
    walk(dep);
  }
};
walk(tree);

const missing = (tree.problems ?? []).filter(p => p.startsWith('missing:'));
if (missing.length > 0) {
  console.error(
    `Dependencies missing from node_modules:\n  ${missing.join('\n  ')}`,
  );
  process.exit(1);
}

const duplicated = [...seen].filter(([, versions]) => versions.size > 1);
if (duplicated.length > 0) {
  console.error(
    'More than one version resolved of packages that must be single:',
  );
  for (const [name, versions] of duplicated) {
    console.error(`  ${name}: ${[...versions].sort().join(', ')}`);
  }
  console.error(
    'Pin every @backstage/* dependency to one release (see README, "Upgrading Backstage") and add an "overrides" entry where a transitive range pulls in another.',
  );
  process.exit(1);
}
console.log(
  `versions ok: ${seen.size} @backstage/* and singleton packages, one version each`,
);
