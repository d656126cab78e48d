// Starts a throw-away PostgreSQL from Debian's packages on loopback, in a
// temporary directory, and removes it again. PostgreSQL refuses to run as
// root, so as root the server runs as the `postgres` user that the Debian
// package creates.
import { execFileSync, ExecFileSyncOptions, spawn } from 'node:child_process';
import {
  mkdtempSync,
  rmSync,
  chownSync,
  existsSync,
  readdirSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './net';

function binDir() {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      if (existsSync(join(root, v, 'bin', 'initdb')))
        return join(root, v, 'bin');
    }
  }
  throw new Error(
    'PostgreSQL server binaries not found under /usr/lib/postgresql; install the Debian package "postgresql"',
  );
}

const asRoot = userInfo().uid === 0;

function run(cmd: string, args: string[], opts: ExecFileSyncOptions = {}) {
  const [file, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]]
    : [cmd, args];
  return execFileSync(file, argv, { stdio: 'pipe', ...opts });
}

/** A running PostgreSQL: where it listens and as whom to connect. */
export type TestPostgres = {
  host: string;
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
};

export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'ai-refarch-pg-'));
  if (asRoot) {
    const uid = Number(
      execFileSync('id', ['-u', 'postgres']).toString().trim(),
    );
    const gid = Number(
      execFileSync('id', ['-g', 'postgres']).toString().trim(),
    );
    chownSync(dir, uid, gid);
  }
  const dataDir = join(dir, 'data');
  run(join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
  ]);
  const port = await freePort();
  const server = spawn(
    asRoot ? 'runuser' : join(bin, 'postgres'),
    [
      ...(asRoot ? ['-u', 'postgres', '--', join(bin, 'postgres')] : []),
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      '-c',
      'fsync=off',
      '-c',
      'max_connections=200',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  server.stderr!.on('data', d => (log += d));
  await waitFor(
    async () => {
      if (server.exitCode !== null) throw new Error(`postgres exited:\n${log}`);
      run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]);
      return true;
    },
    { timeoutMs: 30_000, what: 'PostgreSQL to accept connections' },
  );
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: 'postgres',
    async stop() {
      // runuser does not pass signals on, so ask pg_ctl for a fast shutdown.
      const exited = new Promise<void>(r =>
        server.exitCode !== null ? r() : server.once('exit', () => r()),
      );
      run(join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w']);
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
