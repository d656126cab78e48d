// Builds each plugin package with `backstage-cli package build` and packs it
// with `npm pack`, whose prepack script points main, types and exports at
// dist and turns config.d.ts into config.schema.json. Run after `tsc`, which
// writes the declarations the builds bundle.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';

export const pluginsDir = join(repoRoot, 'plugins');

/** Every package under plugins/, with its directory and package.json. */
export function pluginPackages() {
  return readdirSync(pluginsDir)
    .filter(name => existsSync(join(pluginsDir, name, 'package.json')))
    .map(dir => {
      const path = join(pluginsDir, dir);
      const pkg = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
      return { dir, path, pkg };
    });
}

export function run(cmd: string, args: string[], cwd: string): string {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} in ${cwd} failed:\n${result.stdout}\n${
        result.stderr
      }`,
    );
  }
  return result.stdout;
}

/**
 * Builds and packs one package into `destination`; returns the tarball's
 * file name and the paths it holds.
 */
export function buildAndPack(path: string, destination: string) {
  run('npx', ['backstage-cli', 'package', 'build'], path);
  const [info]: { filename: string; files: { path: string }[] }[] = JSON.parse(
    run('npm', ['pack', '--json', '--pack-destination', destination], path),
  );
  return { filename: info.filename, files: info.files.map(f => f.path) };
}

/**
 * Type-checks, then builds and packs every plugin into `destination`, as
 * `npm run pack:plugins` does; returns each package's name and tarball path.
 */
export function packAll(destination: string) {
  run('npx', ['tsc'], repoRoot);
  return pluginPackages().map(({ path, pkg }) => {
    const { filename } = buildAndPack(path, destination);
    rmSync(join(path, 'dist'), { recursive: true, force: true });
    return { name: pkg.name, tarball: join(destination, filename) };
  });
}
