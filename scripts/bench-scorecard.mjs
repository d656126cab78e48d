// npm run bench:scorecard — the scorecard benchmark on SQLite, then on a
// throw-away PostgreSQL from Debian's packages (scripts/lib/postgres.mjs).
import { spawnSync } from 'node:child_process';
import { repoRoot } from './lib/backend.mjs';
import { startPostgres } from './lib/postgres.mjs';

const pg = await startPostgres();
let status = 1;
try {
  const result = spawnSync(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      'plugins/ai-scorecard-backend/bench/scorecard.bench.ts',
    ],
    {
      cwd: repoRoot,
      stdio: 'inherit',
      env: {
        ...process.env,
        BENCH_PG: `postgresql://${pg.user}:${pg.password}@${pg.host}:${pg.port}/postgres`,
      },
    },
  );
  status = result.status ?? 1;
} finally {
  await pg.stop();
}
process.exit(status);
