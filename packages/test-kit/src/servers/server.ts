import { spawn, SpawnOptions } from 'node:child_process';
import { waitFor } from './net';

/** A server started by `startServer`. */
export type RunningServer = {
  /** Its output so far, stdout and stderr together. */
  log(): string;
  stop(): Promise<void>;
};

/**
 * Runs a server as a detached child process (its own process group, so that
 * whatever it spawns stops with it), keeps its output, waits until `ready`
 * answers, and stops it: SIGTERM, then SIGKILL after 10 s.
 */
export async function startServer(options: {
  command: string;
  args: string[];
  options?: SpawnOptions;
  /** For messages: `Prometheus`, `the back end on port 7007`. */
  what: string;
  /** Whether it is ready, given its output so far. */
  ready: (log: string) => Promise<unknown> | unknown;
  timeoutMs: number;
  intervalMs?: number;
  /** How much of its output a failure shows. */
  logTail?: number;
}): Promise<RunningServer> {
  const { what, logTail = 8000 } = options;
  const child = spawn(options.command, options.args, {
    ...options.options,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  child.stdout!.on('data', d => (log += d));
  child.stderr!.on('data', d => (log += d));
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) {
          throw new Error(`${what} exited with ${child.exitCode}`);
        }
        return options.ready(log);
      },
      { timeoutMs: options.timeoutMs, intervalMs: options.intervalMs, what },
    );
  } catch (e) {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    throw new Error(
      `${(e as Error).message}\n--- ${what} log ---\n${log.slice(-logTail)}`,
    );
  }
  return {
    log: () => log,
    async stop() {
      if (child.exitCode !== null) return;
      process.kill(-child.pid!, 'SIGTERM');
      await Promise.race([
        new Promise(r => child.once('exit', r)),
        new Promise(r => setTimeout(r, 10_000)),
      ]);
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    },
  };
}
