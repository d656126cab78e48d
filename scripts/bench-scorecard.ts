// npm run bench:scorecard — the scorecard benchmark (1,000 and 10,000
// generated entities) on SQLite in memory, SQLite in a file, and a
// throw-away PostgreSQL from Debian's packages (the test kit's startPostgres).
// Each size and database runs in its own process, so that each peak RSS
// belongs to one run.
import { spawnSync } from 'node:child_process';
import { repoRoot, runMain, startPostgres } from '@internal/test-kit';

const REQUESTS = process.env.BENCH_REQUESTS ?? '500';
console.log(
  `Scorecard: the reference rule set, ${REQUESTS} requests per endpoint; targets: 10,000 entities in <= 2 s (SQLite) / <= 4 s (PostgreSQL), overview p95 <= 30 ms, entity p95 <= 5 ms, peak RSS <= 300 MB\n`,
);
runMain(async () => {
  const pg = await startPostgres();
  let status = 0;
  try {
    for (const size of ['1000', '10000']) {
      for (const db of ['sqlite-memory', 'sqlite-file', 'postgres']) {
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
              BENCH_SIZES: size,
              BENCH_DB: db,
              BENCH_REQUESTS: REQUESTS,
              BENCH_PG: `postgresql://${pg.user}:${pg.password}@${pg.host}:${pg.port}/postgres`,
            },
          },
        );
        status ||= result.status ?? 1;
      }
    }
  } finally {
    await pg.stop();
  }
  return status;
});
