import { resolve } from 'node:path';
import { repoRoot } from '../paths';
import { startServer } from './server';

/*
 * Starts the dev portal's back end (packages/backend) as a child process
 * with extra config files and environment, waits until it is ready and
 * stops it.
 */

/**
 * The `ready` probe of startServer for a Backstage back end at `baseUrl`:
 * its readiness endpoint answers, or its log says it failed to start.
 */
export function backendReady(baseUrl: string) {
  return async (log: string) => {
    if (/Unhandled rejection|Backend failed to start/.test(log)) {
      throw new Error('the back end exited: it failed to start');
    }
    return (await fetch(`${baseUrl}/.backstage/health/v1/readiness`)).ok;
  };
}

/** A running dev back end. */
export type TestBackend = {
  baseUrl: string;
  log(): string;
  /** A guest's Backstage token. */
  guestToken(): Promise<string>;
  /** A request as the holder of `token`: the answer's status and text. */
  request(
    path: string,
    token: string,
    init?: RequestInit,
  ): Promise<{ status: number; text: string }>;
  stop(): Promise<void>;
};

export async function startBackend(options: {
  port: number;
  /** Config files, relative to the repository root. */
  configs: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<TestBackend> {
  const { port, configs, env = {}, timeoutMs = 180_000 } = options;
  const args = ['package', 'start'];
  for (const c of configs) args.push('--config', resolve(repoRoot, c));
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = await startServer({
    command: resolve(repoRoot, 'node_modules/.bin/backstage-cli'),
    args,
    options: {
      cwd: resolve(repoRoot, 'packages/backend'),
      env: {
        ...process.env,
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_baseUrl: `http://localhost:${port}`,
        ...env,
      },
    },
    what: `the back end on port ${port}`,
    timeoutMs,
    intervalMs: 1000,
    ready: backendReady(baseUrl),
  });
  return {
    baseUrl,
    log: server.log,
    async guestToken() {
      const res = await fetch(`${baseUrl}/api/auth/guest/refresh`);
      if (!res.ok)
        throw new Error(
          `guest sign-in failed: ${res.status} ${await res.text()}`,
        );
      return (await res.json()).backstageIdentity.token;
    },
    async request(path, token, init = {}) {
      const res = await fetch(`${baseUrl}${path}`, {
        ...init,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          ...init.headers,
        },
      });
      return { status: res.status, text: await res.text() };
    },
    stop: server.stop,
  };
}
