// The plugins as a platform team receives them: each package is built and
// packed (packages/test-kit/src/pack.ts, as `npm run pack:plugins` does) and the
// tarball is checked on its own: what it holds, what its package.json
// promises, and, for the Node packages, that its built entry point loads from
// the tarball's files (the suite's own packages resolve to the other
// tarballs, third-party ones to this repository's node_modules) and exports
// what a back end adds. Run after `tsc`, which writes the declarations the
// builds bundle.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildAndPack,
  pluginPackages,
  repoRoot,
  run,
} from '@internal/test-kit';

const plugins = pluginPackages();

const FRONTEND = new Set([
  'frontend-plugin',
  'frontend-plugin-module',
  'web-library',
]);
const BACKEND = new Set(['backend-plugin', 'backend-plugin-module']);
/** Singletons an app provides: a second copy breaks contexts and API refs. */
const FRONTEND_PEERS = ['react', 'react-dom', '@material-ui/core'];

describe('the plugins as published packages', { timeout: 600_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'ai-refarch-packages-'));
  const packed = new Map<
    string,
    { files: Set<string>; pkg: any; target: string }
  >();

  before(() => {
    // AI_REFARCH_PACK_DIR keeps the tarballs for the fresh-app test
    // (scripts/fresh-app.ts), which installs them in a new Backstage app.
    const tarballs = process.env.AI_REFARCH_PACK_DIR ?? join(work, 'tarballs');
    mkdirSync(tarballs, { recursive: true });
    for (const { dir, path, pkg } of plugins) {
      const { filename, files } = buildAndPack(path, tarballs);
      // Installed side by side, as a fresh app's node_modules would hold them.
      const target = join(work, 'node_modules', pkg.name);
      mkdirSync(target, { recursive: true });
      run(
        'tar',
        [
          '-xzf',
          join(tarballs, filename),
          '-C',
          target,
          '--strip-components=1',
        ],
        work,
      );
      packed.set(dir, {
        files: new Set(files),
        pkg: JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')),
        target,
      });
    }
  });

  after(() => {
    rmSync(work, { recursive: true, force: true });
    // The dev portal and the tests run from the sources.
    for (const { path } of plugins) {
      rmSync(join(path, 'dist'), { recursive: true, force: true });
    }
  });

  for (const { dir, path, pkg: source } of plugins) {
    it(`${source.name}: the tarball holds what its package.json promises`, () => {
      const { files, pkg } = packed.get(dir);
      assert.ok(files.has('README.md'), 'README.md');
      const sources = [...files].filter(f => f.startsWith('src/'));
      assert.deepEqual(sources, [], 'no sources in the tarball');
      const entries = [
        pkg.main,
        pkg.types,
        pkg.module,
        // Conditions name files; `backstage` names the feature type.
        ...Object.values<string | Record<string, string>>(
          pkg.exports ?? {},
        ).flatMap(e =>
          typeof e === 'string'
            ? [e]
            : Object.entries(e)
                .filter(([condition]) => condition !== 'backstage')
                .map(([, file]) => file),
        ),
      ].filter(Boolean);
      assert.ok(entries.length > 0, 'an entry point');
      for (const entry of entries) {
        const file = entry.replace(/^\.\//, '');
        assert.ok(files.has(file), `${entry} is in the tarball`);
        assert.ok(!file.startsWith('src/'), `${entry} is built, not a source`);
      }
      for (const pattern of source.files ?? []) {
        if (pattern === 'config.d.ts') continue; // becomes config.schema.json
        assert.ok(
          [...files].some(f => f === pattern || f.startsWith(`${pattern}/`)),
          `files lists ${pattern}; the tarball holds it`,
        );
      }
      if (existsSync(join(path, 'config.d.ts'))) {
        assert.equal(pkg.configSchema, 'config.schema.json');
        const schema = JSON.parse(
          readFileSync(
            join(packed.get(dir).target, 'config.schema.json'),
            'utf8',
          ),
        );
        assert.ok(
          schema.schemas?.length > 0 || schema.properties,
          'a config schema',
        );
      }
    });

    it(`${source.name}: depends on a Backstage release by range, and leaves the app's singletons to the app`, () => {
      const { pkg } = packed.get(dir);
      for (const field of ['dependencies', 'peerDependencies']) {
        for (const [name, range] of Object.entries<string>(pkg[field] ?? {})) {
          if (name.startsWith('@backstage/')) {
            assert.match(
              range,
              /^\^\d+\.\d+\.\d+$/,
              `${field}.${name} is ${range}`,
            );
          }
        }
      }
      if (FRONTEND.has(pkg.backstage.role)) {
        for (const name of FRONTEND_PEERS) {
          assert.equal(
            pkg.dependencies?.[name],
            undefined,
            `${name} is not a dependency`,
          );
          assert.ok(
            pkg.peerDependencies?.[name],
            `${name} is a peer dependency`,
          );
        }
      }
    });

    if (!FRONTEND.has(source.backstage.role)) {
      it(`${source.name}: its built entry point loads from the tarball`, () => {
        const { pkg, target } = packed.get(dir);
        const main = join(target, pkg.main);
        const script = `
          const m = require(${JSON.stringify(main)});
          const own = Object.keys(require.cache).filter(f => f.includes('/plugins/') && !f.includes('/node_modules/'));
          if (own.length) throw new Error('loaded from the repository, not the tarballs: ' + own.join(', '));
          process.stdout.write(JSON.stringify({
            exports: Object.keys(m).sort(),
            feature: m.default && m.default.$$type,
          }));`;
        const result = spawnSync(process.execPath, ['-e', script], {
          cwd: work,
          encoding: 'utf8',
          env: { ...process.env, NODE_PATH: join(repoRoot, 'node_modules') },
        });
        assert.equal(result.status, 0, result.stderr);
        const loaded = JSON.parse(result.stdout);
        assert.ok(loaded.exports.length > 0, 'it exports something');
        if (BACKEND.has(pkg.backstage.role)) {
          assert.equal(
            loaded.feature,
            '@backstage/BackendFeature',
            'its default export is a back-end feature',
          );
        }
      });
    }
  }
});
