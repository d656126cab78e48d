import {
  GPU_MACHINES,
  GpuCloud as Cloud,
  GpuMachine as Machine,
} from '@ai-refarch/plugin-ai-model-common';

export { GPU_MACHINES };
export type { Cloud, Machine };

/** Pods per node the cluster path sets on AKS (max_pods) and assumes elsewhere. */
export const MAX_PODS = 110;

/**
 * Requests of the daemonsets on every GPU node, kept free of serving pods:
 * the GPU operator's (driver, toolkit, device plugin, DCGM exporter, GPU
 * feature discovery, node feature discovery, validator) or GKE's device
 * plugin, plus CNI, kube-proxy and a log and metrics agent.
 */
export const NODE_DAEMONSETS = { cpuMillis: 1000, memoryMiB: 2048 };

/** Root disk of a GPU node: images and, per GPU, model weights and engines. */
export function rootDiskGiB(gpus: number) {
  return 100 + 250 * gpus;
}

/** Disk kept for container images (the Triton TensorRT-LLM image is about 20 GiB) and the system. */
const IMAGES_AND_SYSTEM_GIB = 60;

/** Tiered CPU reservation of EKS and GKE (GKE's node allocatable docs; the EKS AMI copies it). */
function tieredCpuMillis(vcpus: number) {
  const tiers: [number, number][] = [
    [1, 0.06],
    [1, 0.01],
    [2, 0.005],
    [Infinity, 0.0025],
  ];
  let left = vcpus;
  let reserved = 0;
  for (const [cores, share] of tiers) {
    const used = Math.min(left, cores);
    reserved += used * share * 1000;
    left -= used;
  }
  return reserved;
}

/**
 * AKS's kube-reserved CPU table (articles/aks/node-resource-reservations.md),
 * linear between its points and 10 m per core above 64.
 */
function aksCpuMillis(vcpus: number) {
  const points: [number, number][] = [
    [1, 60],
    [2, 100],
    [4, 140],
    [8, 180],
    [16, 260],
    [32, 420],
    [64, 740],
  ];
  if (vcpus >= 64) return 740 + 10 * (vcpus - 64);
  const upper = points.findIndex(([cores]) => cores >= vcpus);
  const [c1, r1] = points[Math.max(0, upper - 1)];
  const [c2, r2] = points[upper];
  return c1 === c2 ? r1 : r1 + ((r2 - r1) * (vcpus - c1)) / (c2 - c1);
}

/** GKE's tiered memory reservation, in GiB. */
function gkeMemoryGiB(memoryGiB: number) {
  const tiers: [number, number][] = [
    [4, 0.25],
    [4, 0.2],
    [8, 0.1],
    [112, 0.06],
    [Infinity, 0.02],
  ];
  let left = memoryGiB;
  let reserved = 0;
  for (const [size, share] of tiers) {
    const used = Math.min(left, size);
    reserved += used * share;
    left -= used;
  }
  return reserved;
}

const EVICTION_MIB = 100;

/** What the kubelet leaves to pods on a node of this type. */
export function allocatable(cloud: Cloud, machine: Machine) {
  const cpuMillis =
    machine.vcpus * 1000 -
    (cloud === 'aks'
      ? aksCpuMillis(machine.vcpus)
      : tieredCpuMillis(machine.vcpus));
  const mib = machine.memoryGiB * 1024;
  let reservedMiB: number;
  if (cloud === 'eks') {
    // The EKS AMI: 255 MiB + 11 MiB per pod; the OS sees about 7.5 % less
    // memory than the instance has (Karpenter's VM memory overhead).
    reservedMiB = mib * 0.075 + 255 + 11 * MAX_PODS;
  } else if (cloud === 'gke') {
    reservedMiB = gkeMemoryGiB(machine.memoryGiB) * 1024;
  } else {
    // AKS 1.29+: the lesser of 20 MB per pod + 50 MB and 25 % of memory.
    reservedMiB = Math.min(20 * MAX_PODS + 50, mib * 0.25);
  }
  return {
    cpuMillis: Math.floor(cpuMillis),
    memoryMiB: Math.floor(mib - reservedMiB - EVICTION_MIB),
    // The kubelet evicts below 10 % free disk (nodefs.available).
    ephemeralGiB: Math.floor(
      rootDiskGiB(machine.gpus) * 0.9 - IMAGES_AND_SYSTEM_GIB,
    ),
  };
}

export type PodShare = {
  cpuMillis: number;
  memoryMiB: number;
  ephemeralGiB: number;
  /** The node that sets the limit, e.g. "EKS g6.2xlarge (1 pod per node)". */
  tightest: string;
};

const CLOUD_NAMES: Record<Cloud, string> = {
  eks: 'EKS',
  gke: 'GKE',
  aks: 'AKS',
};

/**
 * The most a pod with `gpus` GPUs of `gpuType` may request so that it fits
 * on every node type of the table that can carry it, on every cloud, as many
 * times as the node has GPUs for; undefined when no node type has that many.
 */
export function podShare(gpuType: string, gpus: number): PodShare | undefined {
  let share: PodShare | undefined;
  for (const cloud of Object.keys(GPU_MACHINES) as Cloud[]) {
    const table = GPU_MACHINES[cloud];
    if (!Object.hasOwn(table, gpuType)) continue;
    for (const machine of table[gpuType].machines) {
      if (machine.gpus < gpus) continue;
      const pods = Math.floor(machine.gpus / gpus);
      const node = allocatable(cloud, machine);
      const candidate = {
        cpuMillis: Math.floor(
          (node.cpuMillis - NODE_DAEMONSETS.cpuMillis) / pods,
        ),
        memoryMiB: Math.floor(
          (node.memoryMiB - NODE_DAEMONSETS.memoryMiB) / pods,
        ),
        ephemeralGiB: Math.floor(node.ephemeralGiB / pods),
        tightest: `${CLOUD_NAMES[cloud]} ${machine.name} (${pods} ${
          pods === 1 ? 'pod' : 'pods'
        } per node)`,
      };
      if (!share) {
        share = candidate;
        continue;
      }
      if (candidate.cpuMillis < share.cpuMillis) {
        share.cpuMillis = candidate.cpuMillis;
        share.tightest = candidate.tightest;
      }
      share.memoryMiB = Math.min(share.memoryMiB, candidate.memoryMiB);
      share.ephemeralGiB = Math.min(share.ephemeralGiB, candidate.ephemeralGiB);
    }
  }
  return share;
}
