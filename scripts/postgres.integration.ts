// Integration test: the dev portal's back end migrates and serves the catalog
// on a real PostgreSQL (Debian's package, started on loopback for this test)
// with app-config.production.yaml.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Entity } from '@backstage/catalog-model';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  freePort,
  repoRoot,
  startBackend,
  startPostgres,
  TestBackend,
  TestPostgres,
  waitFor,
} from '@internal/test-kit';

let pg: TestPostgres;
let backend: TestBackend;
let replica: TestBackend | undefined;

// Both replicas grade every 3 seconds, so a test sees several runs.
const startReplica = async () =>
  startBackend({
    port: await freePort(),
    configs: ['app-config.yaml', 'app-config.production.yaml'],
    env: {
      POSTGRES_HOST: pg.host,
      POSTGRES_PORT: String(pg.port),
      POSTGRES_USER: pg.user,
      POSTGRES_PASSWORD: pg.password,
      APP_CONFIG_aiScorecard_schedule_frequency_seconds: '3',
      APP_CONFIG_aiScorecard_schedule_timeout_minutes: '2',
      APP_CONFIG_aiScorecard_schedule_initialDelay_seconds: '1',
    },
  });

before(async () => {
  pg = await startPostgres();
  backend = await startReplica();
});

after(async () => {
  await replica?.stop();
  await backend?.stop();
  await pg?.stop();
});

function psql(database: string, sql: string) {
  return execFileSync(
    'psql',
    [
      '-h',
      pg.host,
      '-p',
      String(pg.port),
      '-U',
      pg.user,
      '-d',
      database,
      '-Atc',
      sql,
    ],
    { encoding: 'utf8' },
  ).trim();
}

test('the catalog migrates its schema into PostgreSQL', () => {
  const databases = psql(
    'postgres',
    'SELECT datname FROM pg_database ORDER BY 1',
  ).split('\n');
  assert.ok(
    databases.includes('backstage_plugin_catalog'),
    `databases: ${databases}`,
  );
  const migrations = Number(
    psql('backstage_plugin_catalog', 'SELECT count(*) FROM knex_migrations'),
  );
  assert.ok(
    migrations > 10,
    `expected the catalog's knex migrations, found ${migrations}`,
  );
});

test('the catalog serves the example organisation from PostgreSQL', async () => {
  const token = await backend.guestToken();
  const entities = await waitFor(
    async () => {
      const res = await fetch(
        `${backend.baseUrl}/api/catalog/entities/by-query?filter=kind=group&limit=100`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      assert.equal(res.status, 200);
      const body: { items: Entity[] } = await res.json();
      return body.items.length >= 6 ? body.items : undefined;
    },
    {
      timeoutMs: 90_000,
      intervalMs: 2000,
      what: 'the example groups to be ingested',
    },
  );
  const names = entities.map(e => e.metadata.name).sort();
  assert.deepEqual(names, [
    'acme-ai',
    'applied-ml',
    'architecture-review',
    'ml-platform',
    'search-relevance',
    'security-compliance',
  ]);
  const stored = Number(
    psql(
      'backstage_plugin_catalog',
      'SELECT count(*) FROM final_entities WHERE final_entity IS NOT NULL',
    ),
  );
  assert.ok(stored >= entities.length, `final_entities holds ${stored} rows`);
});

test('the scorecard migrates into PostgreSQL and stores a graded model there', async () => {
  const token = await backend.guestToken();
  const headers = { authorization: `Bearer ${token}` };
  const model = `${backend.baseUrl}/api/ai-scorecard/scorecards/aimodel/default/llama-3-1-8b-instruct`;
  const graded = await waitFor(
    async () => {
      const res = await fetch(`${model}/refresh`, { method: 'POST', headers });
      return res.status === 200 ? (await res.json()).scorecard : undefined;
    },
    {
      timeoutMs: 90_000,
      intervalMs: 2000,
      what: 'the example model to be graded',
    },
  );
  // No MLflow registry or signature bundle is reachable here, so the model
  // may be Incomplete (stored as I in the one-character grade column).
  assert.match(graded.grade, /^([A-F]|Incomplete)$/);
  const stored = await (await fetch(model, { headers })).json();
  assert.equal(stored.scorecard.grade, graded.grade);
  const rows = psql(
    'backstage_plugin_ai-scorecard',
    "SELECT grade FROM ai_scorecard_entities WHERE entity_ref = 'aimodel:default/llama-3-1-8b-instruct'",
  );
  assert.equal(rows, graded.grade.slice(0, 1));
});

test("the scorecard store's unit tests pass on PostgreSQL, whose write path differs from SQLite's", () => {
  // TestDatabases runs the file on SQLite always and on PostgreSQL when this
  // variable names one.
  const result = spawnSync(
    'npx',
    [
      'backstage-cli',
      'repo',
      'test',
      '--verbose',
      'plugins/ai-scorecard-backend/src/database/ScorecardStore.test.ts',
    ],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: {
        ...process.env,
        CI: 'true',
        BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING: `postgresql://${pg.user}:${pg.password}@${pg.host}:${pg.port}`,
      },
    },
  );
  const output = `${result.stdout}${result.stderr}`;
  assert.equal(result.status, 0, output);
  assert.match(output, /ScorecardStore on POSTGRES_15/);
});

test('two replicas on one PostgreSQL take turns: one grading run at a time, each entity once per run', async () => {
  replica = await startReplica();
  const SCORECARD_DB = 'backstage_plugin_ai-scorecard';
  const runs = () =>
    psql(
      SCORECARD_DB,
      'SELECT instance, started_at, finished_at, graded FROM ai_scorecard_runs ORDER BY started_at',
    )
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [instance, startedAt, finishedAt, graded] = line.split('|');
        return { instance, startedAt, finishedAt, graded: Number(graded) };
      });
  // Over a 15 s window a 3 s schedule allows at most 6 runs in all; two
  // replicas that did not coordinate would run about twice as often.
  const windowStart = new Date().toISOString();
  await new Promise(r => setTimeout(r, 15_000));
  const seen = runs();
  const inWindow = seen.filter(r => r.startedAt >= windowStart);
  assert.ok(
    inWindow.length >= 3 && inWindow.length <= 6,
    `expected 3 to 6 grading runs in 15 s across both replicas, saw ${
      inWindow.length
    }: ${JSON.stringify(inWindow)}`,
  );
  for (let i = 1; i < seen.length; i++) {
    assert.ok(
      seen[i].startedAt >= seen[i - 1].finishedAt,
      `runs overlap: ${JSON.stringify(seen[i - 1])} and ${JSON.stringify(
        seen[i],
      )}`,
    );
  }
  // Each run graded every entity exactly once: as many as are stored.
  const stored = Number(
    psql(SCORECARD_DB, 'SELECT count(*) FROM ai_scorecard_entities'),
  );
  const last = seen[seen.length - 1];
  assert.equal(last.graded, stored);
  const perDay = Number(
    psql(
      SCORECARD_DB,
      'SELECT max(c) FROM (SELECT count(*) AS c FROM ai_scorecard_history GROUP BY entity_ref, day) t',
    ),
  );
  assert.equal(perDay, 1, 'one history row per entity and day');
});

test('the catalog refuses unauthenticated requests', async () => {
  const res = await fetch(`${backend.baseUrl}/api/catalog/entities?limit=1`);
  assert.equal(res.status, 401);
});

test('production keeps the GPU price table and serving images, and only the local publisher is off', async () => {
  const token = await backend.guestToken();
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  const actions = await (
    await fetch(`${backend.baseUrl}/api/scaffolder/v2/actions`, { headers })
  ).json();
  const ids = (actions as { id: string }[]).map(a => a.id);
  assert.ok(ids.includes('ai-refarch:gpu-sizing'), ids.join(', '));
  assert.ok(!ids.includes('ai-refarch:publish:local'), ids.join(', '));
  // Sizing prices GPUs from aiRefarch.gpuPrices (was: removed with the
  // whole aiRefarch key by `aiRefarch: null`, so every GPU type was unknown).
  const res = await fetch(`${backend.baseUrl}/api/scaffolder/v2/dry-run`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      template: {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'sizing' },
        spec: {
          type: 'service',
          steps: [
            {
              id: 'sizing',
              name: 'Size',
              action: 'ai-refarch:gpu-sizing',
              input: {
                parameters: 8030000000,
                precision: 'bf16',
                contextLength: 8192,
                concurrency: 16,
                layers: 32,
                kvHeads: 8,
                headDim: 128,
                gpuType: 'nvidia-l40s',
              },
            },
          ],
          output: { cost: '${{ steps.sizing.output.monthlyCost }}' },
        },
      },
      values: {},
      directoryContents: [],
    }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body).slice(0, 500));
  assert.ok(Number(body.output.cost) > 0, JSON.stringify(body.output));
});
