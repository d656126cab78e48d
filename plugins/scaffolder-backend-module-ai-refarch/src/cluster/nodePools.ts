/**
 * GPU node pools of a cluster, planned per cloud: the machine type for each
 * GPU type and count, and the segments a pool becomes (an on-demand base and
 * a spot remainder for mixed capacity), which the Terraform and Karpenter
 * files of the gpu-k8s-cluster golden path are rendered from.
 */

import { FieldError } from '../fieldError';
import { Cloud, GPU_MACHINES, rootDiskGiB } from './machineTypes';

export type { Cloud };
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
  /** Root disk: images, and per GPU the weights and engines of the pods it serves. */
  diskGiB: number;
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

const CLOUD_NAMES: Record<Cloud, string> = {
  eks: 'EKS',
  gke: 'GKE',
  aks: 'AKS',
};

export function planNodePools(
  cloud: Cloud,
  pools: NodePoolInput[],
): NodePoolSegment[] {
  const table = Object.hasOwn(GPU_MACHINES, cloud)
    ? GPU_MACHINES[cloud]
    : undefined;
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
      pool.instanceType ||
      machines.machines.find(m => m.gpus === pool.gpusPerNode)?.name;
    if (!instanceType) {
      throw new FieldError(
        field('gpusPerNode'),
        `${CLOUD_NAMES[cloud]} ${
          pool.gpuType
        } nodes come with ${machines.machines
          .map(m => m.gpus)
          .join(', ')} GPUs, not ${
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
      diskGiB: rootDiskGiB(pool.gpusPerNode),
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
