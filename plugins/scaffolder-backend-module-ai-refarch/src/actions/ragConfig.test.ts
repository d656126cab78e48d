import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'yaml';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { rawInputContext } from './__testUtils__/rawInputContext';
import { createRagConfigAction } from './ragConfig';
import { ragConfigExample as input } from './ragConfig.examples';

describe('ai-refarch:rag-config', () => {
  const action = createRagConfigAction();
  const workspace = createMockDirectory();
  const context = (raw: object) => rawInputContext(action, raw, workspace.path);

  beforeEach(() => workspace.clear());

  it('writes the configuration with defaults applied', async () => {
    await action.handler(context(input));
    const config = yaml.parse(
      await readFile(join(workspace.path, 'config/rag.yaml'), 'utf8'),
    );
    expect(config).toEqual({
      ...input,
      vectorDb: { ...input.vectorDb, metric: 'cosine' },
      audit: { sink: 'stdout', includePayloads: false },
      tracing: 'none',
    });
  });

  it.each(['@daily', '@midnight', '*/15 6-18 * * MON-FRI', '0 2 1 */3 *'])(
    'accepts the schedule %s',
    async schedule => {
      await expect(
        action.handler(
          context({
            ...input,
            freshness: { schedule, scheduler: 'k8s-cronjob' },
          }),
        ),
      ).resolves.toBeUndefined();
    },
  );

  it.each<[object, string | RegExp]>([
    [
      {
        chunking: { strategy: 'recursive', chunkSize: 512, chunkOverlap: 512 },
      },
      'chunking.chunkOverlap: 512 tokens of overlap must be less than the chunk size of 512',
    ],
    [
      { chunking: { strategy: 'recursive', chunkSize: 16, chunkOverlap: 0 } },
      'chunking.chunkSize: must be at least 64 tokens',
    ],
    [
      { reranker: { ...input.reranker, topN: 50 } },
      'reranker.topN: the re-ranker cannot keep 50 of the 20 retrieved chunks',
    ],
    [
      { evaluation: { ...input.evaluation, faithfulness: 1.5 } },
      'evaluation.faithfulness: must be between 0 and 1',
    ],
    [{ vectorDb: { ...input.vectorDb, type: 'chroma' } }, /^vectorDb.type: /],
    [
      { vectorDb: { ...input.vectorDb, url: 'http://x" --drop' } },
      /^vectorDb\.url: must be an http\(s\) or postgresql URL$/,
    ],
    [
      { embedding: { ...input.embedding, model: 'bge-m3' } },
      'embedding.model: must be an AIModel entity reference',
    ],
    // Checked by a cron library, not a pattern that counts fields.
    ...[
      [
        '0 25 * * *',
        /^freshness\.schedule: "0 25 \* \* \*": Field value \(25\) is out of range/,
      ],
      ['0 2 * *', /^freshness\.schedule: must be five cron fields/],
      ['0 0 2 * * *', /^freshness\.schedule: must be five cron fields/],
      [
        '0 2 * * *\nkind: Secret',
        /^freshness\.schedule: must be five cron fields/,
      ],
      ['TZ=UTC 0 2 * * *', /^freshness\.schedule: must be five cron fields/],
      ['@every 5m', /^freshness\.schedule: "@every 5m" is not one of/],
    ].map(([schedule, message]): [object, string | RegExp] => [
      { freshness: { schedule, scheduler: 'k8s-cronjob' } },
      message,
    ]),
  ])('refuses %j, naming the field', async (patch, message) => {
    await expect(
      action.handler(context({ ...input, ...patch })),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(message),
    });
  });
});
