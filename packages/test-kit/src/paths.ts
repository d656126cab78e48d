import { dirname, join, resolve } from 'node:path';

// The kit runs from source only (it is private and never built), so its
// files stand where its package.json does.
export const KIT_DIR = dirname(
  require.resolve('@internal/test-kit/package.json'),
);

/** The repository the kit belongs to. */
export const repoRoot = resolve(KIT_DIR, '../..');

/** The kit's sources, for what runs in a process of its own. */
export const KIT_SOURCE = join(KIT_DIR, 'src');
