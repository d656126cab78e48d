/**
 * GPU node pools of a cluster, planned per cloud: the machine type for each
 * GPU type and count, and the segments a pool becomes (an on-demand base and
 * a spot remainder for mixed capacity), which the Terraform and Karpenter
 * files of the gpu-k8s-cluster golden path are rendered from.
 */

import { FieldError } from '../fieldError';

export type Cloud = 'eks' | 'gke' | 'aks';
export type Capacity = 'on-demand' | 'spot' | 'mixed';

export type NodePoolInput = {
  name: string;
  gpuType: string;
  gpusPerNode: number;
  /** Overrides the machine type picked from the table. */
  instanceType?: string;
  minNodes: number;
  maxNodes: number;
  capacity: Capacity;
  /** On-demand nodes always kept under mixed capacity. */
  onDemandBase?: number;
};

/** One node pool as the cloud sees it: one capacity type, one size range. */
export type NodePoolSegment = {
  /** Unique across the cluster, e.g. inference-spot. */
  name: string;
  /**
   * The node pool's name in the cloud: `name`, except on AKS, whose pool
   * names are at most 12 lower-case letters and digits (inferenceod).
   */
  cloudName: string;
  pool: string;
  spot: boolean;
  instanceType: string;
  gpuType: string;
  /** The cloud's accelerator name (GKE's guest_accelerator type). */
  acceleratorType: string;
  gpusPerNode: number;
  minNodes: number;
  maxNodes: number;
  /** Most GPUs the segment may hold: maxNodes × gpusPerNode. */
  gpuLimit: number;
  /**
   * GPUs above the minimum: (maxNodes - minNodes) × gpusPerNode. On EKS the
   * minimum is a managed node group and this is the Karpenter NodePool's limit.
   */
  elasticGpuLimit: number;
};

/** Machine types by cloud, GPU type and GPUs per node. */
export const MACHINE_TYPES: Record<
  Cloud,
  Record<string, { accelerator: string; byCount: Record<number, string> }>
> = {
  eks: {
    'nvidia-t4': {
      accelerator: 'nvidia-t4',
      byCount: { 1: 'g4dn.xlarge', 4: 'g4dn.12xlarge', 8: 'g4dn.metal' },
    },
    'nvidia-l4': {
      accelerator: 'nvidia-l4',
      byCount: { 1: 'g6.xlarge', 4: 'g6.12xlarge', 8: 'g6.48xlarge' },
    },
    'nvidia-a10g': {
      accelerator: 'nvidia-a10g',
      byCount: { 1: 'g5.xlarge', 4: 'g5.12xlarge', 8: 'g5.48xlarge' },
    },
    'nvidia-l40s': {
      accelerator: 'nvidia-l40s',
      byCount: { 1: 'g6e.xlarge', 4: 'g6e.12xlarge', 8: 'g6e.48xlarge' },
    },
    'nvidia-a100-80gb': {
      accelerator: 'nvidia-a100-80gb',
      byCount: { 8: 'p4de.24xlarge' },
    },
    'nvidia-h100-80gb': {
      accelerator: 'nvidia-h100-80gb',
      byCount: { 8: 'p5.48xlarge' },
    },
  },
  gke: {
    'nvidia-t4': {
      accelerator: 'nvidia-tesla-t4',
      byCount: { 1: 'n1-standard-8', 2: 'n1-standard-16', 4: 'n1-standard-32' },
    },
    'nvidia-l4': {
      accelerator: 'nvidia-l4',
      byCount: {
        1: 'g2-standard-8',
        2: 'g2-standard-24',
        4: 'g2-standard-48',
        8: 'g2-standard-96',
      },
    },
    'nvidia-a100-80gb': {
      accelerator: 'nvidia-a100-80gb',
      byCount: {
        1: 'a2-ultragpu-1g',
        2: 'a2-ultragpu-2g',
        4: 'a2-ultragpu-4g',
        8: 'a2-ultragpu-8g',
      },
    },
    'nvidia-h100-80gb': {
      accelerator: 'nvidia-h100-80gb',
      byCount: {
        1: 'a3-highgpu-1g',
        2: 'a3-highgpu-2g',
        4: 'a3-highgpu-4g',
        8: 'a3-highgpu-8g',
      },
    },
  },
  aks: {
    'nvidia-t4': {
      accelerator: 'nvidia-t4',
      byCount: { 1: 'Standard_NC4as_T4_v3', 4: 'Standard_NC64as_T4_v3' },
    },
    'nvidia-a100-80gb': {
      accelerator: 'nvidia-a100-80gb',
      byCount: {
        1: 'Standard_NC24ads_A100_v4',
        2: 'Standard_NC48ads_A100_v4',
        4: 'Standard_NC96ads_A100_v4',
        8: 'Standard_ND96amsr_A100_v4',
      },
    },
    'nvidia-h100-80gb': {
      accelerator: 'nvidia-h100-80gb',
      byCount: {
        1: 'Standard_NC40ads_H100_v5',
        2: 'Standard_NC80adis_H100_v5',
        8: 'Standard_ND96isr_H100_v5',
      },
    },
  },
};

const CLOUD_NAMES: Record<Cloud, string> = {
  eks: 'EKS',
  gke: 'GKE',
  aks: 'AKS',
};

export function planNodePools(
  cloud: Cloud,
  pools: NodePoolInput[],
): NodePoolSegment[] {
  const table = MACHINE_TYPES[cloud];
  if (!table) {
    throw new FieldError(
      'cloud',
      `unknown cloud "${cloud}"; use eks, gke or aks`,
    );
  }
  if (pools.length === 0) {
    throw new FieldError('nodePools', 'add at least one GPU node pool');
  }
  const seen = new Set<string>();
  const segments: NodePoolSegment[] = [];
  pools.forEach((pool, i) => {
    const field = (name: string) => `nodePools[${i}].${name}`;
    if (seen.has(pool.name)) {
      throw new FieldError(
        field('name'),
        `"${pool.name}" is used by another pool`,
      );
    }
    seen.add(pool.name);
    // An own property only: `constructor` or `__proto__` is not a GPU type.
    const machines = Object.hasOwn(table, pool.gpuType)
      ? table[pool.gpuType]
      : undefined;
    if (!machines) {
      throw new FieldError(
        field('gpuType'),
        `${CLOUD_NAMES[cloud]} has no ${
          pool.gpuType
        } node type in this golden path; choose ${Object.keys(table).join(
          ', ',
        )}`,
      );
    }
    const instanceType =
      pool.instanceType || machines.byCount[pool.gpusPerNode];
    if (!instanceType) {
      throw new FieldError(
        field('gpusPerNode'),
        `${CLOUD_NAMES[cloud]} ${pool.gpuType} nodes come with ${Object.keys(
          machines.byCount,
        ).join(', ')} GPUs, not ${
          pool.gpusPerNode
        }; or set the instance type yourself`,
      );
    }
    if (pool.maxNodes < pool.minNodes) {
      throw new FieldError(
        field('maxNodes'),
        `must be at least the minimum of ${pool.minNodes} nodes`,
      );
    }
    if (pool.maxNodes < 1) {
      throw new FieldError(field('maxNodes'), 'must be at least 1');
    }
    const base = pool.onDemandBase ?? 0;
    if (pool.capacity !== 'mixed' && base > 0) {
      throw new FieldError(
        field('onDemandBase'),
        `applies to mixed capacity only; this pool is ${pool.capacity}`,
      );
    }
    if (pool.capacity === 'mixed' && base > pool.maxNodes) {
      throw new FieldError(
        field('onDemandBase'),
        `${base} on-demand nodes exceed the maximum of ${pool.maxNodes}`,
      );
    }
    const segment = (
      suffix: keyof typeof SUFFIXES,
      spot: boolean,
      minNodes: number,
      maxNodes: number,
    ): NodePoolSegment => ({
      name: suffix ? `${pool.name}-${suffix}` : pool.name,
      cloudName: cloudName(cloud, pool.name, suffix),
      pool: pool.name,
      spot,
      instanceType,
      gpuType: pool.gpuType,
      acceleratorType: machines.accelerator,
      gpusPerNode: pool.gpusPerNode,
      minNodes,
      maxNodes,
      gpuLimit: maxNodes * pool.gpusPerNode,
      elasticGpuLimit: (maxNodes - minNodes) * pool.gpusPerNode,
    });
    if (pool.capacity === 'mixed') {
      if (base > 0) segments.push(segment('ondemand', false, base, base));
      if (pool.maxNodes > base) {
        segments.push(
          segment(
            'spot',
            true,
            Math.max(0, pool.minNodes - base),
            pool.maxNodes - base,
          ),
        );
      }
    } else {
      segments.push(
        segment('', pool.capacity === 'spot', pool.minNodes, pool.maxNodes),
      );
    }
    for (const s of segments.filter(x => x.pool === pool.name)) {
      if (segments.some(o => o !== s && o.cloudName === s.cloudName)) {
        throw new FieldError(
          field('name'),
          `on ${CLOUD_NAMES[cloud]} the node pool is named "${s.cloudName}", like another pool; make the first ten letters of the pool names differ`,
        );
      }
    }
  });
  return segments;
}

const SUFFIXES = { '': '', ondemand: 'od', spot: 'sp' } as const;

function cloudName(
  cloud: Cloud,
  pool: string,
  suffix: keyof typeof SUFFIXES,
): string {
  if (cloud === 'aks') {
    return `${pool.replace(/-/g, '').slice(0, 10)}${SUFFIXES[suffix]}`;
  }
  return suffix ? `${pool}-${suffix}` : pool;
}
