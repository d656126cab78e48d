// Starts the dev portal's back end (packages/backend) as a child process with
// extra config files and environment, waits until it is ready and stops it.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor } from './net.mjs';

export const repoRoot = resolve(new URL('../..', import.meta.url).pathname);

export async function startBackend({
  port,
  configs,
  env = {},
  timeoutMs = 180_000,
}) {
  const args = ['package', 'start'];
  for (const c of configs) args.push('--config', resolve(repoRoot, c));
  const child = spawn(
    resolve(repoRoot, 'node_modules/.bin/backstage-cli'),
    args,
    {
      cwd: resolve(repoRoot, 'packages/backend'),
      env: {
        ...process.env,
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_baseUrl: `http://localhost:${port}`,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let log = '';
  child.stdout.on('data', d => (log += d));
  child.stderr.on('data', d => (log += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`backend exited with ${child.exitCode}`);
        if (/Unhandled rejection|Backend failed to start/.test(log)) {
          throw new Error('backend exited: it failed to start');
        }
        const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
        return res.ok;
      },
      { timeoutMs, intervalMs: 1000, what: `the back end on port ${port}` },
    );
  } catch (e) {
    process.kill(-child.pid, 'SIGKILL');
    throw new Error(`${e.message}\n--- backend log ---\n${log.slice(-8000)}`);
  }
  return {
    baseUrl,
    log: () => log,
    async guestToken() {
      const res = await fetch(`${baseUrl}/api/auth/guest/refresh`);
      if (!res.ok)
        throw new Error(
          `guest sign-in failed: ${res.status} ${await res.text()}`,
        );
      return (await res.json()).backstageIdentity.token;
    },
    async stop() {
      if (child.exitCode !== null) return;
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([
        new Promise(r => child.once('exit', r)),
        new Promise(r => setTimeout(r, 10_000)),
      ]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    },
  };
}
