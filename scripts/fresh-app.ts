#!/usr/bin/env node
// The fresh-app install test: the suite as a platform team installs it.
// Outside this repository, a new Backstage app from the newest
// @backstage/create-app on the registry is brought to the release in
// backstage.json and given the suite's packages, from their `npm pack`
// tarballs, by the blocks of the README's "Install into an existing
// Backstage" section, run as written. The app is type-checked, built and
// started on SQLite with guest sign-in, and the Playwright specs in
// e2e/fresh-app/ drive it in Debian's Chromium; so does a legacy app.
//
// How a README block is applied is said by the comment above it:
//   <!-- install-test: run -->           each command, in the app's directory
//   <!-- install-test: resolutions -->   merged into the root package.json
//   <!-- install-test: backend -->       its backend.add(…) lines added to
//                                        packages/backend/src/index.ts
//   <!-- install-test: backend-remove --> its lines removed from there
//   <!-- install-test: app-config -->    merged into app-config.yaml
//   <!-- install-test: legacy-run -->    each command, for the legacy app
//   <!-- install-test: legacy FILE -->   its imports and parts put into the
//                                        legacy app's FILE, each part where
//                                        its heading comment says
//   <!-- install-test: skip (why) -->    not applied
// Every sh, ts, tsx, yaml and json block of the section carries one, so
// nothing is documented there that this test does not run or explicitly
// skip. The legacy app (create-app --legacy) joins the new app's workspace
// as packages/app-legacy and gets the same `yarn --cwd packages/app add`
// lines; the back end serves one front end, then the other.
//
// Usage: node scripts/fresh-app.ts [playwright args]
//   AI_REFARCH_PACK_DIR  tarballs from scripts/packages.check.ts (else packed here)
//   FRESH_APP_DIR        keep the app there (default: a temporary directory, removed)
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  backendReady,
  packAll,
  pluginPackages,
  repoRoot,
  startDemoPrometheus,
  startServer,
} from '@internal/test-kit';

const PORT = 7027;
const MARKER = /^<!-- install-test: ([a-z-]+)(?: \(?(.*?)\)?)? -->$/;

/** The fenced blocks of the README's install section, with their markers. */
/** A fenced block of the README's install section and what to do with it. */
type InstallBlock = {
  lang: string;
  text: string;
  action?: string;
  note?: string;
  line: number;
};

export function installBlocks(readme: string): InstallBlock[] {
  const start = readme.indexOf('\n## Install into an existing Backstage\n');
  if (start < 0)
    throw new Error('README: no "Install into an existing Backstage" section');
  const end = readme.indexOf('\n## ', start + 1);
  const lines = readme.slice(start, end < 0 ? undefined : end).split('\n');
  const blocks: InstallBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)$/.exec(lines[i]);
    if (!open) continue;
    const close = lines.indexOf('```', i + 1);
    let j = i - 1;
    while (j >= 0 && lines[j].trim() === '') j--;
    const marker = MARKER.exec(lines[j] ?? '');
    blocks.push({
      lang: open[1],
      text: lines.slice(i + 1, close).join('\n'),
      action: marker?.[1],
      note: marker?.[2],
      line: i,
    });
    i = close;
  }
  const unmarked = blocks.filter(
    b => ['sh', 'ts', 'tsx', 'yaml', 'json'].includes(b.lang) && !b.action,
  );
  if (unmarked.length > 0) {
    throw new Error(
      `README install section: ${
        unmarked.length
      } block(s) without an <!-- install-test: … --> comment:\n${unmarked
        .map(b => b.text.split('\n')[0])
        .join('\n')}`,
    );
  }
  return blocks.filter(b => b.action && b.action !== 'skip');
}

const STATEMENT = /backend\.add\([\s\S]*?\),?\s*\);/g;
const normalise = (statement: string) =>
  statement.replace(/\s+/g, '').replace(/,\)/g, ')');

/** The commands of a sh block: continuations joined, comments dropped. */
const commands = (text: string) =>
  text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'));

/** `backend.add(…);` statements of a ts block, comments dropped. */
function statements(text: string) {
  const found = text.replace(/\/\/.*$/gm, '').match(STATEMENT) ?? [];
  if (found.length === 0) throw new Error(`no backend.add(…) in:\n${text}`);
  return found.map(normalise);
}

/** Objects merged key by key; lists of scalars as a union, other lists appended. */
function merge(into: any, from: any): any {
  if (Array.isArray(into) && Array.isArray(from)) {
    return from.every(v => typeof v !== 'object')
      ? [...new Set([...into, ...from])]
      : [...into, ...from];
  }
  if (into && from && typeof into === 'object' && typeof from === 'object') {
    const out = { ...into };
    for (const [k, v] of Object.entries(from))
      out[k] = k in out ? merge(out[k], v) : v;
    return out;
  }
  return from;
}

/** A node-gyp cache that holds this Node.js's installed headers. */
function nodeGypCache(work: string) {
  const cache = join(work, 'cache');
  const dir = join(cache, 'node-gyp', process.versions.node);
  mkdirSync(join(dir, 'include'), { recursive: true });
  if (!existsSync(join(dir, 'include/node'))) {
    symlinkSync('/usr/include/node', join(dir, 'include/node'));
  }
  writeFileSync(join(dir, 'installVersion'), '11\n');
  return cache;
}

/**
 * Where the parts of a legacy block go in the files create-app made, by
 * the comment that heads each part. An anchor the file lacks fails.
 */
type Place = (src: string, part: string, found: RegExpExecArray) => string;
const LEGACY_ANCHORS: [RegExp, Place][] = [
  [/^in <FlatRoutes>$/, (src, part) => before(src, '</FlatRoutes>', part)],
  [
    /^in place of (.*)$/,
    (src, part, [, old]) => {
      if (!src.includes(old)) throw new Error(`no ${old}`);
      return src.replace(old, part);
    },
  ],
  [
    /^in the <Grid container> of overviewContent$/,
    (src, part) =>
      before(src, '\n  </Grid>\n);', part, 'const overviewContent = ('),
  ],
  [
    /^in the <Grid container> of groupPage$/,
    (src, part) =>
      before(
        src,
        '\n      </Grid>\n    </EntityLayout.Route>',
        part,
        'const groupPage = (',
      ),
  ],
  [
    /^in the <EntityLayout> of serviceEntityPage$/,
    (src, part) =>
      before(src, '\n  </EntityLayout>', part, 'const serviceEntityPage = ('),
  ],
  [
    /^before entityPage$/,
    (src, part) => before(src, 'export const entityPage', `${part}\n\n`),
  ],
  [
    /^after the "Create\.\.\." <SidebarItem>$/,
    (src, part) => {
      const create = /^( *)<SidebarItem [^\n]*text="Create\.\.\." \/>$/m;
      const found = create.exec(src);
      if (!found) throw new Error('no "Create..." SidebarItem');
      const at = found.index + found[0].length;
      const indented = part.replace(/^/gm, found[1]);
      return `${src.slice(0, at)}\n${indented}${src.slice(at)}`;
    },
  ],
  [
    /^first in the <EntitySwitch> of entityPage$/,
    (src, part) => {
      const open = 'export const entityPage = (\n  <EntitySwitch>';
      if (!src.includes(open)) throw new Error(`no ${open}`);
      return src.replace(open, `${open}\n${part}`);
    },
  ],
];

function before(src: string, marker: string, part: string, after?: string) {
  const from = after ? src.indexOf(after) : 0;
  const at = src.indexOf(marker, from);
  if (from < 0 || at < 0)
    throw new Error(`no ${marker}${after ? ` after ${after}` : ''}`);
  return `${src.slice(0, at)}\n${part}\n${src.slice(at)}`;
}

/** Applies a legacy block: its imports on top, each part at its anchor. */
function applyLegacy(file: string, text: string) {
  const [, ...rest] = text.split('\n'); // the first line names the file
  const imports: string[] = [];
  const parts: { anchor: string; lines: string[] }[] = [];
  let inImport = false;
  for (const line of rest) {
    const anchor = /^\/\/ (.*)$/.exec(line);
    if (anchor) {
      parts.push({ anchor: anchor[1], lines: [] });
    } else if (parts.length === 0) {
      if (line.startsWith('import ') || inImport) imports.push(line);
      inImport =
        (line.startsWith('import ') || inImport) && !line.endsWith(';');
    } else {
      parts[parts.length - 1].lines.push(line);
    }
  }
  let src = `${imports.join('\n')}\n${readFileSync(file, 'utf8')}`;
  for (const { anchor, lines } of parts) {
    const rule = LEGACY_ANCHORS.find(([re]) => re.test(anchor));
    if (!rule)
      throw new Error(`README legacy block: unknown place "${anchor}"`);
    try {
      src = rule[1](src, lines.join('\n').trim(), rule[0].exec(anchor)!);
    } catch (e) {
      throw new Error(`${file}, "${anchor}": ${(e as Error).message}`);
    }
  }
  writeFileSync(file, src);
}

function sh(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  what = command,
) {
  console.log(`$ ${what}`);
  const result = spawnSync('bash', ['-c', command], {
    cwd,
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`"${what}" failed in ${cwd} (exit ${result.status})`);
  }
}

async function main() {
  const work = process.env.FRESH_APP_DIR
    ? resolve(process.env.FRESH_APP_DIR)
    : mkdtempSync(join(tmpdir(), 'ai-refarch-fresh-app-'));
  mkdirSync(work, { recursive: true });
  const app = join(work, 'app');
  // FRESH_APP_REUSE=1 serves and checks an app a former run left in
  // FRESH_APP_DIR, without making it again (for working on the specs).
  const reuse =
    process.env.FRESH_APP_REUSE === '1' &&
    existsSync(join(app, 'packages/app-legacy/dist'));
  const release = JSON.parse(
    readFileSync(join(repoRoot, 'backstage.json'), 'utf8'),
  ).version;

  // Yarn classic as Backstage's prerequisites ask; it hands over to the
  // yarn release the app carries (.yarnrc.yml yarnPath).
  const tools = join(work, 'tools');
  if (!existsSync(join(tools, 'node_modules/.bin/yarn'))) {
    sh(`npm install --prefix ${tools} yarn@1`, work, process.env);
  }
  const env = {
    ...process.env,
    PATH: `${join(tools, 'node_modules/.bin')}:${process.env.PATH}`,
    BACKSTAGE_APP_NAME: 'fresh-app',
    // Yarn freezes the lockfile when CI is set; the steps change it, as
    // they do on a platform engineer's machine.
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    // This machine runs Node.js 20; apps of Backstage 1.55 and later ask for
    // 22 or 24. Yarn adds the newest node-gyp to every native package, and
    // node-gyp 12 and later do not run on Node.js 20, so the app pins
    // node-gyp 10 (below). The headers' download host is out of reach here:
    // node-gyp finds the installed Node.js headers in its cache directory
    // (`versions:bump` drops npm_config_* variables, so not --nodedir).
    XDG_CACHE_HOME: nodeGypCache(work),
    // The versions host that `versions:bump` asks for the release manifest
    // is out of reach here: the CLI reads the manifest from this file
    // instead (its own BACKSTAGE_MANIFEST_FILE variable). The file lists
    // the release's version of every @backstage package the app and the
    // suite use, as the registry's latest tags held them for 1.57.0.
    BACKSTAGE_MANIFEST_FILE: join(
      repoRoot,
      `e2e/fresh-app/release-manifest-${release}.json`,
    ),
  };

  if (!reuse) {
    rmSync(app, { recursive: true, force: true });
    // The tarballs, as `npm run pack:plugins` makes them.
    const given = process.env.AI_REFARCH_PACK_DIR;
    const packed = given && existsSync(given) ? readdirSync(given) : [];
    let packDir = given ?? join(work, 'dist-packages');
    if (
      packed.filter(f => f.endsWith('.tgz')).length < pluginPackages().length
    ) {
      packDir = join(work, 'dist-packages');
      mkdirSync(packDir, { recursive: true });
      packAll(packDir);
    }

    // A new app from the newest create-app, which checks the Node.js version
    // first: the preload reports 22 to that check only (see above).
    const preload = join(work, 'report-node-22.cjs');
    writeFileSync(
      preload,
      "Object.defineProperty(process.versions, 'node', { value: '22.12.0' });\n",
    );
    sh(
      'npx --yes @backstage/create-app@latest --path app --skip-install',
      work,
      {
        ...env,
        NODE_OPTIONS: `--require ${preload}`,
      },
    );
    const created = JSON.parse(
      readFileSync(join(app, 'backstage.json'), 'utf8'),
    );
    console.log(`create-app made a Backstage ${created.version} app`);
    // The legacy app's front end joins the same workspace as
    // packages/app-legacy: one install serves both, and the same back end
    // serves one front end, then the other (app.packageName).
    sh(
      'npx --yes @backstage/create-app@latest --legacy --path legacy --skip-install',
      work,
      { ...env, NODE_OPTIONS: `--require ${preload}` },
    );
    const legacyApp = join(app, 'packages/app-legacy');
    cpSync(join(work, 'legacy/packages/app'), legacyApp, { recursive: true });
    const legacyPkgFile = join(legacyApp, 'package.json');
    const legacyPkg = JSON.parse(readFileSync(legacyPkgFile, 'utf8'));
    writeFileSync(
      legacyPkgFile,
      `${JSON.stringify({ ...legacyPkg, name: 'app-legacy' }, null, 2)}\n`,
    );
    const rootPkg = join(app, 'package.json');
    const pkg = JSON.parse(readFileSync(rootPkg, 'utf8'));
    pkg.resolutions = { ...pkg.resolutions, 'node-gyp': '^10.0.0' };
    writeFileSync(rootPkg, `${JSON.stringify(pkg, null, 2)}\n`);

    // The README's blocks, in order.
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const backendIndex = join(app, 'packages/backend/src/index.ts');
    const appConfigFile = join(app, 'app-config.yaml');
    const publishDir = join(work, 'published');
    const blocks = installBlocks(readme);
    // Every `yarn --cwd <workspace> add …` of the README runs as one add
    // per workspace, at the first of them: the same packages end up in the
    // same package.json files, in one install per workspace rather than
    // one per command (about 10 s each).
    const adds = new Map();
    const ADD = /^yarn --cwd (\S+) add (.+)$/;
    for (const block of blocks) {
      if (block.action !== 'run' && block.action !== 'legacy-run') continue;
      for (const command of commands(block.text)) {
        const [, workspace, packages] = ADD.exec(command) ?? [];
        if (!workspace) continue;
        // The legacy app installs the same front-end packages, and its own.
        let targets = [workspace];
        if (workspace === 'packages/app') {
          targets =
            block.action === 'run'
              ? [workspace, 'packages/app-legacy']
              : ['packages/app-legacy'];
        }
        for (const target of targets) {
          adds.set(target, [...(adds.get(target) ?? []), packages]);
        }
      }
    }
    const addAll = () => {
      for (const [workspace, packages] of adds) {
        sh(`yarn --cwd ${workspace} add ${packages.join(' ')}`, app, env);
      }
      adds.clear();
    };
    for (const block of blocks) {
      switch (block.action) {
        case 'run':
          for (const command of commands(block.text)) {
            if (ADD.test(command)) {
              addAll();
              continue;
            }
            // The app's own CLI arrives with its first install; until then the
            // same command runs with this repository's @backstage/cli.
            sh(
              command.replace(
                /^yarn backstage-cli /,
                `${join(repoRoot, 'node_modules/.bin/backstage-cli')} `,
              ),
              app,
              env,
              command,
            );
          }
          break;
        case 'legacy-run':
          for (const command of commands(block.text)) {
            if (ADD.test(command)) {
              addAll();
              continue;
            }
            sh(
              command.replace(
                '--cwd packages/app ',
                '--cwd packages/app-legacy ',
              ),
              app,
              env,
            );
          }
          break;
        case 'legacy':
          applyLegacy(
            join(legacyApp, (block.note ?? '').replace(/^packages\/app\//, '')),
            block.text,
          );
          break;
        case 'resolutions': {
          const { resolutions }: { resolutions: Record<string, string> } =
            JSON.parse(
              block.text.replaceAll('/path/to/dist-packages', packDir),
            );
          const names = pluginPackages()
            .map(p => p.pkg.name)
            .sort();
          const listed = Object.keys(resolutions).sort();
          if (JSON.stringify(names) !== JSON.stringify(listed)) {
            throw new Error(
              `README resolutions list ${listed.join(
                ', ',
              )}; the packages are ${names.join(', ')}`,
            );
          }
          for (const target of Object.values(resolutions)) {
            if (!existsSync(target.replace(/^file:/, ''))) {
              throw new Error(`README resolutions: no tarball ${target}`);
            }
          }
          const current = JSON.parse(readFileSync(rootPkg, 'utf8'));
          current.resolutions = { ...current.resolutions, ...resolutions };
          writeFileSync(rootPkg, `${JSON.stringify(current, null, 2)}\n`);
          break;
        }
        case 'backend': {
          const source = readFileSync(backendIndex, 'utf8');
          if (!source.includes('backend.start();')) {
            throw new Error(
              'packages/backend/src/index.ts: no backend.start()',
            );
          }
          writeFileSync(
            backendIndex,
            source.replace(
              'backend.start();',
              `${statements(block.text).join('\n')}\nbackend.start();`,
            ),
          );
          break;
        }
        case 'backend-remove': {
          // The app's file is formatted by prettier: statements compare
          // without whitespace and trailing commas.
          let source = readFileSync(backendIndex, 'utf8');
          for (const statement of statements(block.text)) {
            const found = (source.match(STATEMENT) ?? []).find(
              s => normalise(s) === statement,
            );
            if (!found) {
              throw new Error(
                `packages/backend/src/index.ts has no ${statement}`,
              );
            }
            source = source.replace(found, '');
          }
          writeFileSync(backendIndex, source);
          break;
        }
        case 'app-config': {
          // A template location on your Git host becomes this checkout's file,
          // and the local publish directory one of this run's.
          const config = parse(block.text);
          for (const location of config.catalog?.locations ?? []) {
            const m =
              /^https:\/\/github\.com\/your-org\/your-repo\/blob\/main\/(.*)$/.exec(
                location.target,
              );
            if (m)
              Object.assign(location, {
                type: 'file',
                target: join(repoRoot, m[1]),
              });
          }
          if (config.aiRefarch?.localPublish) {
            config.aiRefarch.localPublish.directory = publishDir;
          }
          const current = parse(readFileSync(appConfigFile, 'utf8'));
          writeFileSync(appConfigFile, stringify(merge(current, config)));
          break;
        }
        default:
          throw new Error(
            `README: unknown install-test action "${block.action}"`,
          );
      }
    }
    const bumped = JSON.parse(
      readFileSync(join(app, 'backstage.json'), 'utf8'),
    );
    if (bumped.version !== release) {
      throw new Error(
        `the app is on ${bumped.version} after the README's steps, not ${release}`,
      );
    }

    // What the test adds that a platform team has of its own: the example
    // catalog, GPU prices, an admin, a loopback port, the demo Prometheus.
    // Merged like the README's blocks: a later config file would replace
    // the app's catalog locations instead of adding to them.
    const prices = parse(
      readFileSync(join(repoRoot, 'app-config.yaml'), 'utf8'),
    ).aiRefarch.gpuPrices;
    const testConfig = {
      app: { baseUrl: `http://localhost:${PORT}` },
      backend: {
        baseUrl: `http://localhost:${PORT}`,
        listen: { host: '127.0.0.1', port: PORT },
      },
      catalog: {
        locations: ['org', 'systems', 'models', 'services'].map(name => ({
          type: 'file',
          target: join(repoRoot, `catalog-info/${name}.yaml`),
          ...(name === 'org' ? { rules: [{ allow: ['User', 'Group'] }] } : {}),
        })),
      },
      aiRefarch: {
        gpuPrices: prices,
        permissions: { admins: ['user:development/guest'] },
      },
    };
    writeFileSync(
      appConfigFile,
      stringify(merge(parse(readFileSync(appConfigFile, 'utf8')), testConfig)),
    );

    sh('yarn tsc', app, env);
    sh('yarn --cwd packages/app build', app, env);
    sh('yarn --cwd packages/app-legacy build', app, env);
  }

  // The same back end serves the new app, then the legacy one.
  const legacyConfig = join(work, 'app-config.legacy.yaml');
  writeFileSync(
    legacyConfig,
    stringify({ app: { packageName: 'app-legacy' } }),
  );
  const prometheus = await startDemoPrometheus();
  let status = 0;
  try {
    for (const [spec, configs] of [
      ['fresh-app.spec.ts', []],
      ['legacy-app.spec.ts', [legacyConfig]],
    ] as const) {
      const backend = await startServer({
        command: join(tools, 'node_modules/.bin/yarn'),
        args: [
          'start',
          ...[
            '../../app-config.yaml',
            prometheus.configFile,
            ...configs,
          ].flatMap(c => ['--config', c]),
        ],
        options: { cwd: join(app, 'packages/backend'), env },
        what: `the fresh app's back end on port ${PORT}`,
        timeoutMs: 240_000,
        intervalMs: 1000,
        ready: backendReady(`http://127.0.0.1:${PORT}`),
      });
      try {
        const playwright = spawn(
          resolve(repoRoot, 'node_modules/.bin/playwright'),
          [
            'test',
            '--config',
            'e2e/fresh-app/playwright.config.ts',
            `e2e/fresh-app/${spec}`,
            ...process.argv.slice(2),
          ],
          {
            cwd: repoRoot,
            stdio: 'inherit',
            env: { ...process.env, E2E_BASE_URL: `http://localhost:${PORT}` },
          },
        );
        const code = await new Promise<number>(done =>
          playwright.on('exit', c => done(c ?? 1)),
        );
        if (code !== 0) {
          status = code;
          console.error(
            "--- the fresh app's back-end log (last 6000 characters) ---",
          );
          console.error(backend.log().slice(-6000));
        }
      } finally {
        await backend.stop();
      }
    }
  } finally {
    await prometheus.stop();
    if (!process.env.FRESH_APP_DIR)
      rmSync(work, { recursive: true, force: true });
  }
  process.exit(status);
}

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
