// Runs a server as a detached child process (its own process group, so that
// whatever it spawns stops with it), keeps its output, waits until `ready`
// answers, and stops it: SIGTERM, then SIGKILL after 10 s.
import { spawn } from 'node:child_process';
import { waitFor } from './net.mjs';

export async function startServer({
  command,
  args,
  options = {},
  what,
  ready,
  timeoutMs,
  intervalMs,
  logTail = 8000,
}) {
  const child = spawn(command, args, {
    ...options,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  child.stdout.on('data', d => (log += d));
  child.stderr.on('data', d => (log += d));
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) {
          throw new Error(`${what} exited with ${child.exitCode}`);
        }
        return ready(log);
      },
      { timeoutMs, intervalMs, what },
    );
  } catch (e) {
    if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    throw new Error(
      `${e.message}\n--- ${what} log ---\n${log.slice(-logTail)}`,
    );
  }
  return {
    log: () => log,
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
