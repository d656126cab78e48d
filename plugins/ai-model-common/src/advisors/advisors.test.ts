import {
  adviseRuntime,
  adviseVectorDb,
  RetrievalWorkload,
  selfHostBreakEven,
  ServingWorkload,
} from './advisors';

const gpt4oMini = {
  ref: 'aimodel:default/gpt-4o-mini',
  title: 'GPT-4o mini',
  inputPer1MTokens: 0.15,
  outputPer1MTokens: 0.6,
};
const gpt4o = {
  ref: 'aimodel:default/gpt-4o',
  title: 'GPT-4o',
  inputPer1MTokens: 2.5,
  outputPer1MTokens: 10,
};
/** One L40S replica on demand (1.86 an hour, 730 hours). */
const oneL40s = 1.86 * 730;

describe('adviseRuntime', () => {
  it.each<[string, ServingWorkload, string[]]>([
    [
      'a low-volume assistant on internal data: the hosted model costs less',
      {
        requestsPerSecond: 0.2,
        promptTokens: 800,
        outputTokens: 200,
        dataClassification: 'internal',
        selfHostMonthlyCost: oneL40s,
        hostedModels: [gpt4o, gpt4oMini],
      },
      ['hosted', 'vllm', 'triton', 'tgi'],
    ],
    [
      'PHI at 30 requests/s with a 0.4 s first-token objective on H100s',
      {
        requestsPerSecond: 30,
        promptTokens: 800,
        outputTokens: 200,
        ttftSeconds: 0.4,
        precision: 'fp8',
        gpuType: 'nvidia-h100-80gb',
        dataClassification: 'phi',
        selfHostMonthlyCost: 10_000,
        hostedModels: [gpt4oMini],
      },
      ['triton', 'vllm', 'tgi', 'hosted'],
    ],
    [
      'weekly fine-tunes of an AWQ model at 8 requests/s on A10Gs',
      {
        requestsPerSecond: 8,
        promptTokens: 1500,
        outputTokens: 300,
        ttftSeconds: 1,
        precision: 'awq',
        gpuType: 'nvidia-a10g',
        modelChangesOften: true,
      },
      ['vllm', 'hosted', 'tgi', 'triton'],
    ],
    [
      'an FP8 model on A100s with a 0.3 s objective at 2 requests/s',
      {
        requestsPerSecond: 2,
        promptTokens: 500,
        outputTokens: 100,
        ttftSeconds: 0.3,
        precision: 'fp8',
        gpuType: 'nvidia-a100-80gb',
      },
      ['vllm', 'triton', 'hosted', 'tgi'],
    ],
    [
      'personal data at 1 request/s: cheaper hosted, but the data leaves',
      {
        requestsPerSecond: 1,
        promptTokens: 800,
        outputTokens: 200,
        dataClassification: 'pii',
        selfHostMonthlyCost: oneL40s,
        hostedModels: [gpt4oMini],
      },
      ['hosted', 'vllm', 'triton', 'tgi'],
    ],
    [
      'personal data at 10 requests/s: self-hosting is cheaper too',
      {
        requestsPerSecond: 10,
        promptTokens: 800,
        outputTokens: 200,
        dataClassification: 'pii',
        selfHostMonthlyCost: oneL40s,
        hostedModels: [gpt4oMini],
      },
      ['vllm', 'triton', 'tgi', 'hosted'],
    ],
  ])('%s', (_case, workload, expected) => {
    const ranked = adviseRuntime(workload);
    expect(ranked.map(o => o.option)).toEqual(expected);
    // Every reason names its source.
    for (const o of ranked) {
      for (const r of [...o.reasons, ...(o.excluded ? [o.excluded] : [])]) {
        expect(r.source).toMatch(/^(https:\/\/|GPU sizing)/);
      }
    }
  });

  it('counts against TGI that it is in maintenance mode', () => {
    const tgi = adviseRuntime({
      requestsPerSecond: 1,
      promptTokens: 100,
      outputTokens: 100,
    }).find(o => o.option === 'tgi')!;
    expect(tgi.reasons[0]).toMatchObject({
      effect: 'against',
      text: expect.stringContaining('maintenance mode'),
      source: expect.stringContaining('text-generation-inference'),
    });
  });

  it('excludes a hosted API for PHI and PCI, saying why', () => {
    for (const dataClassification of ['phi', 'pci'] as const) {
      const hosted = adviseRuntime({
        requestsPerSecond: 1,
        promptTokens: 100,
        outputTokens: 100,
        dataClassification,
      }).find(o => o.option === 'hosted')!;
      expect(hosted.excluded?.text).toContain(
        `${dataClassification.toUpperCase()} data stays on models the organisation runs`,
      );
    }
  });

  it('gives the break-even against the cheapest hosted model', () => {
    const even = selfHostBreakEven({
      requestsPerSecond: 0.2,
      promptTokens: 800,
      outputTokens: 200,
      selfHostMonthlyCost: oneL40s,
      hostedModels: [gpt4o, gpt4oMini],
    })!;
    // 800 × 0.15 + 200 × 0.6 = 240 per million requests' tokens: 0.00024 a request.
    expect(even.hosted.title).toBe('GPT-4o mini');
    expect(even.hostedMonthlyCost).toBeCloseTo(0.2 * 730 * 3600 * 0.00024, 6);
    expect(even.breakEvenRequestsPerSecond).toBeCloseTo(
      oneL40s / (730 * 3600 * 0.00024),
      6,
    );
    expect(
      selfHostBreakEven({
        requestsPerSecond: 1,
        promptTokens: 1,
        outputTokens: 1,
      }),
    ).toBeUndefined();
  });
});

describe('adviseVectorDb', () => {
  const base: RetrievalWorkload = {
    vectors: 2e6,
    dimensions: 1024,
    filtering: false,
    hybridSearch: false,
    multiTenant: false,
    operations: 'self-run',
  };
  it.each<[string, Partial<RetrievalWorkload>, string[]]>([
    [
      'two million chunks, filtered, by a team that runs PostgreSQL',
      { filtering: true, runsPostgres: true },
      ['pgvector', 'qdrant', 'weaviate', 'pinecone'],
    ],
    [
      '200 million chunks with filters, self-run',
      { vectors: 2e8, filtering: true },
      ['qdrant', 'weaviate', 'pgvector', 'pinecone'],
    ],
    [
      'a managed multi-tenant index with hybrid search',
      {
        vectors: 2e7,
        hybridSearch: true,
        multiTenant: true,
        operations: 'managed',
      },
      ['weaviate', 'qdrant', 'pinecone', 'pgvector'],
    ],
    [
      'half a million PHI chunks, managed',
      { vectors: 5e5, operations: 'managed', dataClassification: 'phi' },
      ['pgvector', 'qdrant', 'weaviate', 'pinecone'],
    ],
    [
      '3,072-dimension embeddings, managed',
      { vectors: 5e6, dimensions: 3072, operations: 'managed' },
      ['pinecone', 'pgvector', 'qdrant', 'weaviate'],
    ],
    [
      '8,192-dimension embeddings, self-run',
      { vectors: 1e6, dimensions: 8192 },
      ['qdrant', 'weaviate', 'pgvector', 'pinecone'],
    ],
  ])('%s', (_case, workload, expected) => {
    expect(adviseVectorDb({ ...base, ...workload }).map(o => o.option)).toEqual(
      expected,
    );
  });

  it('excludes what cannot hold the workload, saying why', () => {
    const ranked = adviseVectorDb({ ...base, dimensions: 8192 });
    expect(ranked.find(o => o.option === 'pgvector')!.excluded?.text).toContain(
      'at most 2,000 dimensions (4,000 as halfvec); 8192 cannot be indexed',
    );
    expect(ranked.find(o => o.option === 'pinecone')!.excluded?.text).toContain(
      'Pinecone is a managed service',
    );
  });
});
