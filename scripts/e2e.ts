// End-to-end suite: builds the front end, starts the back end that serves it
// (SQLite in memory, guest sign-in, the example catalog), and runs the
// Playwright tests in e2e/ against it in Debian's Chromium. Screenshots land
// in e2e/artifacts/.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  repoRoot,
  runMain,
  startBackend,
  startDemoServices,
} from '@internal/test-kit';

const PORT = 7017;
const configs = ['app-config.yaml', 'e2e/app-config.e2e.yaml'];

runMain(async () => {
  const publishDir = mkdtempSync(join(tmpdir(), 'ai-refarch-e2e-publish-'));
  const env = { E2E_PUBLISH_DIR: publishDir };
  if (!process.env.E2E_SKIP_BUILD) {
    console.log('Building the front end...');
    execFileSync(
      resolve(repoRoot, 'node_modules/.bin/backstage-cli'),
      [
        'package',
        'build',
        ...configs.flatMap(c => ['--config', resolve(repoRoot, c)]),
      ],
      {
        cwd: resolve(repoRoot, 'packages/app'),
        stdio: 'inherit',
        env: { ...process.env, ...env },
      },
    );
  }

  console.log('Starting the demo Prometheus, cluster, registry and traces...');
  const demo = await startDemoServices();
  console.log('Starting the back end...');
  const backend = await startBackend({
    port: PORT,
    configs: [...configs, ...demo.configFiles],
    env,
  }).catch(async error => {
    await demo.stop();
    throw error;
  });
  let status = 1;
  try {
    // Not spawnSync: the demo cluster's API server answers from this process.
    const playwright = spawn(
      resolve(repoRoot, 'node_modules/.bin/playwright'),
      [
        'test',
        '--config',
        'e2e/playwright.config.ts',
        ...process.argv.slice(2),
      ],
      {
        cwd: repoRoot,
        stdio: 'inherit',
        env: { ...process.env, E2E_BASE_URL: `http://localhost:${PORT}` },
      },
    );
    status = await new Promise<number>(done =>
      playwright.on('exit', code => done(code ?? 1)),
    );
  } finally {
    await backend.stop();
    await demo.stop();
    rmSync(publishDir, { recursive: true, force: true });
  }
  if (status !== 0) {
    console.error('--- back end log (last 6000 characters) ---');
    console.error(backend.log().slice(-6000));
  }
  return status;
});
