import {
  DataClassification,
  REGULATED_DATA_CLASSIFICATIONS as REGULATED,
  SENSITIVE_DATA_CLASSIFICATIONS as SENSITIVE,
} from '../AIModelEntityV1alpha1';
import { HOURS_PER_MONTH } from '../sizing/gpuSizing';

/**
 * The advisors of the serving and RAG golden paths: where the architecture
 * asks for judgement (chapters 2 and 5: which runtime, which vector
 * database, hosted or self-hosted), they rank the options for the workload
 * the form describes, each with the reasons for and against it and the
 * public source of each reason. The criteria and their sources are listed
 * in the README (Advisors).
 */

/** One reason, with the public page it rests on. @public */
export type AdvisorReason = {
  effect: 'for' | 'against';
  /** Points it adds to or takes from the option's score. */
  weight: number;
  text: string;
  source: string;
};

/** One option, ranked. @public */
export type RankedOption<O extends string> = {
  option: O;
  score: number;
  /** Why the option cannot serve this workload at all. */
  excluded?: AdvisorReason;
  reasons: AdvisorReason[];
};

/** @public */
export const ADVISOR_SOURCES = {
  vllm: 'https://github.com/vllm-project/vllm/blob/v0.8.5/docs/source/index.md',
  vllmQuantization:
    'https://docs.vllm.ai/en/v0.8.4/features/quantization/supported_hardware.html',
  tgi: 'https://github.com/huggingface/text-generation-inference/blob/main/README.md',
  trtllm: 'https://nvidia.github.io/TensorRT-LLM/overview.html',
  trtllmBatching:
    'https://nvidia.github.io/TensorRT-LLM/features/paged-attention-ifb-scheduler.html',
  trtllmBuild:
    'https://nvidia.github.io/TensorRT-LLM/commands/trtllm-build.html',
  openaiBaa:
    'https://help.openai.com/en/articles/8660679-how-can-i-get-a-business-associate-agreement-baa-with-openai-for-the-api-services',
  openaiRetention: 'https://developers.openai.com/api/docs/guides/your-data',
  /** This suite's own figures: the GPU sizing and price table, the catalog's hosted prices. */
  sizing:
    'GPU sizing (aiRefarch.gpuPrices) and the catalog prices of hosted models',
  pgvector: 'https://github.com/pgvector/pgvector/blob/v0.8.0/README.md',
  qdrantIndexing: 'https://qdrant.tech/documentation/manage-data/indexing/',
  qdrantQuantization:
    'https://qdrant.tech/documentation/manage-data/quantization/',
  qdrantHybrid: 'https://qdrant.tech/documentation/concepts/hybrid-queries/',
  qdrantDistributed:
    'https://qdrant.tech/documentation/scaling/distributed_deployment/',
  qdrantMultitenancy:
    'https://qdrant.tech/documentation/guides/multiple-partitions/',
  weaviateHybrid:
    'https://docs.weaviate.io/weaviate/concepts/search/hybrid-search',
  weaviateFiltering: 'https://docs.weaviate.io/weaviate/concepts/filtering',
  weaviateMultitenancy:
    'https://docs.weaviate.io/weaviate/manage-collections/multi-tenancy',
  weaviateReplication:
    'https://docs.weaviate.io/deploy/configuration/replication',
  weaviateDeploy: 'https://docs.weaviate.io/deploy',
  pinecone: 'https://docs.pinecone.io/guides/get-started/overview',
  pineconeByoc:
    'https://docs.pinecone.io/guides/production/bring-your-own-cloud',
  pineconeFiltering:
    'https://docs.pinecone.io/guides/search/filter-by-metadata',
  pineconeLimits: 'https://docs.pinecone.io/reference/api/database-limits',
  pineconeNamespaces:
    'https://docs.pinecone.io/guides/manage-data/manage-namespaces',
} as const;

const S = ADVISOR_SOURCES;

const reason = (
  effect: AdvisorReason['effect'],
  weight: number,
  text: string,
  source: string,
): AdvisorReason => ({ effect, weight, text, source });

function rank<O extends string>(
  order: readonly O[],
  reasons: Record<O, AdvisorReason[]>,
  excluded: Partial<Record<O, AdvisorReason>>,
): RankedOption<O>[] {
  return order
    .map(option => ({
      option,
      score: reasons[option].reduce(
        (sum, r) => sum + (r.effect === 'for' ? r.weight : -r.weight),
        0,
      ),
      ...(excluded[option] && { excluded: excluded[option] }),
      reasons: reasons[option],
    }))
    .sort(
      (a, b) =>
        Number(Boolean(a.excluded)) - Number(Boolean(b.excluded)) ||
        b.score - a.score ||
        order.indexOf(a.option) - order.indexOf(b.option),
    );
}

const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
/** GPUs without FP8 tensor cores (FP8 needs Ada or Hopper: L4, L40S, H100). */
const NO_FP8 = ['nvidia-t4', 'nvidia-a10g', 'nvidia-a100-80gb'];

/** @public */
export const RUNTIME_OPTIONS = ['vllm', 'tgi', 'triton', 'hosted'] as const;

/** @public */
export type RuntimeOption = (typeof RUNTIME_OPTIONS)[number];

/** A hosted model of the catalog, with its prices per million tokens. @public */
export type HostedModelPrice = {
  ref: string;
  title: string;
  inputPer1MTokens: number;
  outputPer1MTokens: number;
};

/** What the serving form knows of the workload. @public */
export type ServingWorkload = {
  /** Sustained requests per second. */
  requestsPerSecond: number;
  promptTokens: number;
  outputTokens: number;
  /** The p95 time-to-first-token objective in seconds, when set. */
  ttftSeconds?: number;
  /** The weights' precision or quantization (fp16, bf16, fp8, int8, int4, awq, gptq). */
  precision?: string;
  gpuType?: string;
  dataClassification?: DataClassification;
  /** A new fine-tune every few days: compiled engines are rebuilt each time. */
  modelChangesOften?: boolean;
  /** What the self-hosted replicas cost a month (the GPU sizing). */
  selfHostMonthlyCost?: number;
  /** The catalog's hosted models to compare with. */
  hostedModels?: HostedModelPrice[];
};

/** The self-host break-even against the cheapest hosted model. @public */
export type BreakEven = {
  hosted: HostedModelPrice;
  /** What the workload costs a month on the hosted model. */
  hostedMonthlyCost: number;
  selfHostMonthlyCost: number;
  /** Requests per second above which self-hosting costs less. */
  breakEvenRequestsPerSecond: number;
};

/** The cheapest hosted model for the workload, against the self-hosted cost. @public */
export function selfHostBreakEven(w: ServingWorkload): BreakEven | undefined {
  if (!w.selfHostMonthlyCost || !w.hostedModels?.length) return undefined;
  const perRequest = (m: HostedModelPrice) =>
    (w.promptTokens * m.inputPer1MTokens +
      w.outputTokens * m.outputPer1MTokens) /
    1e6;
  const cheapest = [...w.hostedModels].sort(
    (a, b) => perRequest(a) - perRequest(b),
  )[0];
  const cost = perRequest(cheapest);
  if (!(cost > 0)) return undefined;
  return {
    hosted: cheapest,
    hostedMonthlyCost: w.requestsPerSecond * SECONDS_PER_MONTH * cost,
    selfHostMonthlyCost: w.selfHostMonthlyCost,
    breakEvenRequestsPerSecond:
      w.selfHostMonthlyCost / (SECONDS_PER_MONTH * cost),
  };
}

const money = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * Ranks vLLM, TGI, Triton with TensorRT-LLM and a hosted API for a
 * serving workload.
 *
 * @public
 */
export function adviseRuntime(
  w: ServingWorkload,
): RankedOption<RuntimeOption>[] {
  const r: Record<RuntimeOption, AdvisorReason[]> = {
    vllm: [],
    tgi: [],
    triton: [],
    hosted: [],
  };
  const excluded: Partial<Record<RuntimeOption, AdvisorReason>> = {};

  // Upstream status.
  r.tgi.push(
    reason(
      'against',
      2,
      'In maintenance mode since December 2025: Hugging Face recommends vLLM or SGLang for new deployments',
      S.tgi,
    ),
  );

  // Data: regulated data does not go to a provider's API.
  if (w.dataClassification && REGULATED.includes(w.dataClassification)) {
    excluded.hosted = reason(
      'against',
      0,
      `${w.dataClassification.toUpperCase()} data stays on models the organisation runs, behind the audited gateway; a provider's API needs a business associate agreement or a PCI scope review first`,
      S.openaiBaa,
    );
  } else if (w.dataClassification && SENSITIVE.includes(w.dataClassification)) {
    r.hosted.push(
      reason(
        'against',
        2,
        `${w.dataClassification} data leaves the organisation's network: it needs the provider's data-processing terms and zero data retention`,
        S.openaiRetention,
      ),
    );
  }

  // Cost: the self-host break-even against the cheapest hosted model.
  const even = selfHostBreakEven(w);
  if (even) {
    const breakEven = even.breakEvenRequestsPerSecond.toFixed(2);
    if (even.hostedMonthlyCost < even.selfHostMonthlyCost) {
      r.hosted.push(
        reason(
          'for',
          3,
          `${even.hosted.title} costs less at ${
            w.requestsPerSecond
          } requests/s: ${money(
            even.hostedMonthlyCost,
          )} a month against ${money(
            even.selfHostMonthlyCost,
          )} for the replicas (self-hosting wins above ${breakEven} requests/s)`,
          S.sizing,
        ),
      );
    } else {
      // Said once, on the option it counts against.
      r.hosted.push(
        reason(
          'against',
          2,
          `${even.hosted.title} costs more at ${
            w.requestsPerSecond
          } requests/s: ${money(
            even.hostedMonthlyCost,
          )} a month against ${money(
            even.selfHostMonthlyCost,
          )} for the self-hosted replicas (self-hosting wins above ${breakEven} requests/s)`,
          S.sizing,
        ),
      );
    }
  }

  // Throughput: many concurrent requests share the GPUs.
  if (w.requestsPerSecond >= 5) {
    r.vllm.push(
      reason(
        'for',
        2,
        'PagedAttention and continuous batching keep the GPUs busy with many concurrent requests',
        S.vllm,
      ),
    );
    r.tgi.push(
      reason('for', 1, 'Continuous batching of incoming requests', S.tgi),
    );
  }

  // Latency: a strict first-token objective at volume.
  if (w.ttftSeconds !== undefined && w.ttftSeconds <= 0.5) {
    r.triton.push(
      reason(
        'for',
        w.requestsPerSecond >= 20 ? 3 : 2,
        `NVIDIA's own engine for its GPUs, built for the model, the GPU and the batch and sequence lengths, with in-flight batching: the option tuned hardest for a ${w.ttftSeconds} s first-token objective`,
        S.trtllmBatching,
      ),
    );
    r.hosted.push(
      reason(
        'against',
        1,
        `A provider's queueing is outside your control: a ${w.ttftSeconds} s first-token objective cannot be held`,
        S.openaiRetention,
      ),
    );
  }

  // Change: compiled engines are rebuilt for every new checkpoint.
  if (w.modelChangesOften) {
    r.triton.push(
      reason(
        'against',
        2,
        "The golden path's Triton builds a TensorRT-LLM engine for every model version, GPU type and maximum batch and sequence length",
        S.trtllmBuild,
      ),
    );
    r.vllm.push(
      reason('for', 1, 'Loads a Hugging Face checkpoint as it is', S.vllm),
    );
  }

  // Precision and hardware.
  const precision = w.precision?.toLowerCase();
  if (precision === 'fp8' && w.gpuType && NO_FP8.includes(w.gpuType)) {
    r.triton.push(
      reason(
        'against',
        2,
        `TensorRT-LLM's FP8 needs Ada or Hopper GPUs; ${w.gpuType} has no FP8 tensor cores`,
        S.trtllm,
      ),
    );
  }
  if (precision && ['awq', 'gptq', 'int4'].includes(precision)) {
    r.vllm.push(
      reason(
        'for',
        1,
        `Serves ${precision.toUpperCase()} checkpoints directly`,
        S.vllmQuantization,
      ),
    );
  }
  return rank(RUNTIME_OPTIONS, r, excluded);
}

/** @public */
export const VECTOR_DB_OPTIONS = [
  'pgvector',
  'qdrant',
  'weaviate',
  'pinecone',
] as const;

/** @public */
export type VectorDbOption = (typeof VECTOR_DB_OPTIONS)[number];

/** What the RAG form knows of the corpus and the queries. @public */
export type RetrievalWorkload = {
  /** Vectors (chunks) in the index. */
  vectors: number;
  dimensions: number;
  /** Queries filter on metadata (source, date, permissions). */
  filtering: boolean;
  /** Keyword and vector search together. */
  hybridSearch: boolean;
  /** Many tenants, each with its own documents. */
  multiTenant: boolean;
  operations: 'managed' | 'self-run';
  /** The team already runs PostgreSQL. */
  runsPostgres?: boolean;
  dataClassification?: DataClassification;
};

/**
 * Ranks pgvector, Qdrant, Weaviate and Pinecone for a corpus.
 *
 * @public
 */
export function adviseVectorDb(
  w: RetrievalWorkload,
): RankedOption<VectorDbOption>[] {
  const r: Record<VectorDbOption, AdvisorReason[]> = {
    pgvector: [],
    qdrant: [],
    weaviate: [],
    pinecone: [],
  };
  const excluded: Partial<Record<VectorDbOption, AdvisorReason>> = {};
  const millions = w.vectors / 1e6;

  if (w.operations === 'self-run') {
    excluded.pinecone = reason(
      'against',
      0,
      "Pinecone is a managed service: it does not run on your own Kubernetes (bring-your-own-cloud, in preview, is Pinecone's data plane in your cloud account)",
      S.pineconeByoc,
    );
  } else {
    r.pinecone.push(
      reason(
        'for',
        2,
        'Fully managed and serverless: no cluster to run',
        S.pinecone,
      ),
    );
    r.qdrant.push(
      reason(
        'for',
        1,
        'Also offered managed (Qdrant Cloud)',
        S.qdrantDistributed,
      ),
    );
    r.weaviate.push(
      reason(
        'for',
        1,
        'Also offered managed (Weaviate Cloud)',
        S.weaviateDeploy,
      ),
    );
  }
  if (w.dataClassification && SENSITIVE.includes(w.dataClassification)) {
    r.pinecone.push(
      reason(
        'against',
        REGULATED.includes(w.dataClassification) ? 3 : 2,
        `The ${w.dataClassification} chunks are stored by a third party`,
        S.pinecone,
      ),
    );
  }

  // Dimensions: pgvector indexes vectors up to 2,000 dimensions (halfvec 4,000).
  if (w.dimensions > 4000) {
    excluded.pgvector = reason(
      'against',
      0,
      `pgvector's HNSW and IVFFlat indexes take at most 2,000 dimensions (4,000 as halfvec); ${w.dimensions} cannot be indexed`,
      S.pgvector,
    );
  } else if (w.dimensions > 2000) {
    r.pgvector.push(
      reason(
        'against',
        1,
        `${w.dimensions} dimensions are indexed only as halfvec (up to 4,000), at half precision`,
        S.pgvector,
      ),
    );
  }
  if (w.dimensions > 20000) {
    excluded.pinecone = reason(
      'against',
      0,
      `Pinecone indexes take at most 20,000 dimensions`,
      S.pineconeLimits,
    );
  }

  // Size: the float32 vectors alone, which an HNSW index keeps in memory.
  const gib = (w.vectors * w.dimensions * 4) / 1024 ** 3;
  const size = `${
    millions < 1 ? 'Under a million' : `${millions} million`
  } vectors of ${w.dimensions} dimensions are ${Math.round(
    gib,
  )} GiB of float32`;
  if (gib <= 64) {
    r.pgvector.push(
      reason(
        'for',
        2,
        `${size}: an HNSW index one PostgreSQL node holds in memory`,
        S.pgvector,
      ),
    );
  } else if (gib > 256) {
    r.pgvector.push(
      reason(
        'against',
        2,
        `${size}: beyond one node's memory, PostgreSQL needs replicas or sharding (Citus) around pgvector`,
        S.pgvector,
      ),
    );
    r.qdrant.push(
      reason(
        'for',
        2,
        'Shards and replicates a collection across nodes, and quantizes vectors (scalar, binary, product) to keep them in memory',
        S.qdrantQuantization,
      ),
    );
    r.weaviate.push(
      reason(
        'for',
        1,
        'Shards and replicates across nodes',
        S.weaviateReplication,
      ),
    );
    r.pinecone.push(
      reason('for', 1, 'Scales storage without capacity planning', S.pinecone),
    );
  }
  if (w.runsPostgres) {
    r.pgvector.push(
      reason(
        'for',
        2,
        'The team already runs PostgreSQL: backups, access control and joins with the relational data come with it',
        S.pgvector,
      ),
    );
  }

  if (w.filtering) {
    r.qdrant.push(
      reason(
        'for',
        2,
        'Filters on indexed payload fields during the HNSW search (its filterable HNSW), so filtered queries keep their recall',
        S.qdrantIndexing,
      ),
    );
    r.pgvector.push(
      reason(
        'for',
        1,
        'Filters with SQL WHERE; 0.8 scans the index iteratively until enough rows pass the filter',
        S.pgvector,
      ),
    );
    r.weaviate.push(
      reason(
        'for',
        1,
        'Filters combine with vector search',
        S.weaviateFiltering,
      ),
    );
    r.pinecone.push(
      reason('for', 1, 'Filters on metadata', S.pineconeFiltering),
    );
  }
  if (w.hybridSearch) {
    r.weaviate.push(
      reason(
        'for',
        2,
        'Hybrid search (BM25 and vectors, fused) is built in',
        S.weaviateHybrid,
      ),
    );
    r.qdrant.push(
      reason(
        'for',
        1,
        'Sparse and dense vectors queried together (Query API)',
        S.qdrantHybrid,
      ),
    );
    r.pgvector.push(
      reason(
        'against',
        1,
        "Keyword search is PostgreSQL's full-text search beside the vector index: the fusion of the two rankings is yours to write",
        S.pgvector,
      ),
    );
  }
  if (w.multiTenant) {
    r.weaviate.push(
      reason(
        'for',
        2,
        'Native multi-tenancy: a shard per tenant, tenants activated or offloaded',
        S.weaviateMultitenancy,
      ),
    );
    r.qdrant.push(
      reason(
        'for',
        1,
        'Partitions a collection by a tenant payload field with a tenant index',
        S.qdrantMultitenancy,
      ),
    );
    r.pinecone.push(
      reason('for', 1, 'A namespace per tenant', S.pineconeNamespaces),
    );
  }
  return rank(VECTOR_DB_OPTIONS, r, excluded);
}
