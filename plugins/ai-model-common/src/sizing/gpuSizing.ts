/**
 * GPU sizing for serving a transformer: how much accelerator memory the
 * weights and the KV cache take, how many GPUs that needs, the tensor-parallel
 * size, and what it costs a month.
 */

import { FieldError } from './FieldError';

/** @public */
export const BYTES_PER_PARAMETER = {
  fp32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
  nf4: 0.5,
} as const;

/** @public */
export type Precision = keyof typeof BYTES_PER_PARAMETER;

/** @public */
export type GpuPrice = {
  /** Accelerator memory in GiB. */
  memoryGiB: number;
  /** Price of one GPU-hour on demand, in the table's currency. */
  onDemandPerHour: number;
  /** Price of one GPU-hour on spot capacity. */
  spotPerHour: number;
  /** How many of these GPUs one node holds; bounds tensor parallelism. */
  perNode: number;
};

/** @public */
export type SizingInput = {
  parameters: number;
  precision: Precision;
  /** Precision of the KV cache; defaults to 16 bits (fp8 KV when set so). */
  kvCachePrecision?: 'fp16' | 'bf16' | 'fp8';
  contextLength: number;
  concurrency: number;
  layers: number;
  kvHeads: number;
  headDim: number;
  /** Attention heads; tensor parallelism must divide them. Defaults to kvHeads. */
  attentionHeads?: number;
  gpuType: string;
  /** Share of GPU memory the engine may use (vLLM's gpu_memory_utilization). */
  gpuMemoryUtilization: number;
  replicas: number;
  /** Share of GPU-hours on spot capacity, 0 to 1. */
  spotShare: number;
  /**
   * GPUs per replica chosen in the form. When set, it is the tensor-parallel
   * size, and a model that does not fit on that many GPUs is refused.
   */
  gpusPerReplica?: number;
};

/** @public */
export type SizingResult = {
  weightsBytes: number;
  kvCacheBytesPerToken: number;
  kvCacheBytes: number;
  usableBytesPerGpu: number;
  gpusPerReplica: number;
  tensorParallelSize: number;
  monthlyCost: number;
  monthlyCostAllOnDemand: number;
  /** The formula and the values that went into it, for the template's output. */
  explanation: string[];
};

const GIB = 1024 ** 3;
/** Hours in an average month (8,760 / 12), as cloud price pages count them. @public */
export const HOURS_PER_MONTH = 730;

/** @public */
export function sizeGpus(
  input: SizingInput,
  prices: Record<string, GpuPrice>,
): SizingResult {
  // An own property only: `constructor` or `__proto__` is not a GPU type.
  const price = Object.hasOwn(prices, input.gpuType)
    ? prices[input.gpuType]
    : undefined;
  if (!price) {
    const known = Object.keys(prices).sort();
    if (known.length === 0) {
      throw new FieldError(
        'gpuType',
        `no GPU prices are configured; ask the platform team to set aiRefarch.gpuPrices`,
      );
    }
    throw new FieldError(
      'gpuType',
      `unknown GPU type "${input.gpuType}"; the price table has ${Object.keys(
        prices,
      )
        .sort()
        .join(', ')}`,
    );
  }
  const bytesPerParam = BYTES_PER_PARAMETER[input.precision];
  const kvBytes = input.kvCachePrecision === 'fp8' ? 1 : 2;
  const weightsBytes = input.parameters * bytesPerParam;
  // K and V, for every layer and KV head.
  const kvCacheBytesPerToken =
    2 * input.layers * input.kvHeads * input.headDim * kvBytes;
  const kvCacheBytes =
    kvCacheBytesPerToken * input.contextLength * input.concurrency;
  const usableBytesPerGpu = price.memoryGiB * GIB * input.gpuMemoryUtilization;

  const needed = Math.ceil((weightsBytes + kvCacheBytes) / usableBytesPerGpu);
  const heads = input.attentionHeads ?? input.kvHeads;
  const fit = `${fmtGiB(weightsBytes)} of weights and ${fmtGiB(
    kvCacheBytes,
  )} of KV cache against ${fmtGiB(usableBytesPerGpu)} usable per GPU`;
  if (input.gpusPerReplica !== undefined) {
    if (input.gpusPerReplica < needed) {
      throw new FieldError(
        'gpusPerReplica',
        `the model needs at least ${needed} × ${input.gpuType} per replica (${fit}), not ${input.gpusPerReplica}; add GPUs, pick a larger GPU, a lower precision, or a shorter context or concurrency`,
      );
    }
    if (heads % input.gpusPerReplica !== 0) {
      throw new FieldError(
        'gpusPerReplica',
        `tensor parallelism over ${input.gpusPerReplica} GPUs must divide the model's ${heads} attention heads`,
      );
    }
    if (input.gpusPerReplica > price.perNode) {
      throw new FieldError(
        'gpusPerReplica',
        `one node holds at most ${price.perNode} × ${input.gpuType}`,
      );
    }
  }
  let tensorParallelSize = input.gpusPerReplica ?? 1;
  while (tensorParallelSize < needed || heads % tensorParallelSize !== 0) {
    tensorParallelSize *= 2;
    if (tensorParallelSize > price.perNode) {
      throw new FieldError(
        'gpuType',
        `the model needs ${needed} × ${input.gpuType} (${fit}), more than the ${price.perNode} on one node; pick a larger GPU, a lower precision, or a shorter context or concurrency`,
      );
    }
  }
  const gpuHours = HOURS_PER_MONTH * tensorParallelSize * input.replicas;
  const onDemandShare = Number((1 - input.spotShare).toFixed(6));
  const blended =
    input.spotShare * price.spotPerHour + onDemandShare * price.onDemandPerHour;
  const monthlyCost = gpuHours * blended;
  const monthlyCostAllOnDemand = gpuHours * price.onDemandPerHour;

  return {
    weightsBytes,
    kvCacheBytesPerToken,
    kvCacheBytes,
    usableBytesPerGpu,
    gpusPerReplica: tensorParallelSize,
    tensorParallelSize,
    monthlyCost,
    monthlyCostAllOnDemand,
    explanation: [
      `weights = ${input.parameters} parameters × ${bytesPerParam} bytes (${
        input.precision
      }) = ${fmtGiB(weightsBytes)}`,
      `KV cache per token = 2 × ${input.layers} layers × ${
        input.kvHeads
      } KV heads × ${input.headDim} head dim × ${kvBytes} bytes = ${
        kvCacheBytesPerToken / 1024
      } KiB`,
      `KV cache = ${kvCacheBytesPerToken / 1024} KiB × ${
        input.contextLength
      } tokens × ${input.concurrency} sequences = ${fmtGiB(kvCacheBytes)}`,
      `usable per GPU = ${price.memoryGiB} GiB × ${
        input.gpuMemoryUtilization
      } = ${fmtGiB(usableBytesPerGpu)}`,
      `GPUs = ceil((weights + KV cache) / usable) = ${needed}; tensor-parallel size = ${tensorParallelSize} (a power of two dividing ${heads} heads)`,
      `monthly = ${HOURS_PER_MONTH} h × ${tensorParallelSize} GPUs × ${
        input.replicas
      } replicas × (${input.spotShare} × ${
        price.spotPerHour
      } spot + ${onDemandShare} × ${
        price.onDemandPerHour
      } on-demand) = ${monthlyCost.toFixed(2)}`,
    ],
  };
}

function fmtGiB(bytes: number): string {
  return `${(bytes / GIB).toFixed(2)} GiB`;
}
