/**
 * One table of GPU machine types per cloud, used by both golden paths: the
 * cluster path creates node pools of these types, and the serving path sizes
 * its pods to fit the allocatable resources of every type that can carry
 * them.
 *
 * Sources (vCPU, memory, GPUs, GPU memory as the cloud reports it):
 * - EKS: the EC2 API as tabulated by Karpenter's instance-types reference
 *   (aws/karpenter-provider-aws, website/content/en/docs/reference/instance-types.md).
 * - GKE: https://cloud.google.com/compute/docs/gpus and
 *   https://cloud.google.com/compute/docs/accelerator-optimized-machines
 *   (N1 with T4: n1-standard has 3.75 GB per vCPU).
 * - AKS: the NCasT4_v3, NC A100 v4, NDm A100 v4, NC H100 v5 and ND H100 v5
 *   size pages of learn.microsoft.com/azure/virtual-machines/sizes.
 */

export type Cloud = 'eks' | 'gke' | 'aks';

export type Machine = {
  name: string;
  vcpus: number;
  memoryGiB: number;
  gpus: number;
  /** Memory of one GPU, as the cloud reports it (EC2: instance-gpu-memory). */
  gpuMemoryGiB: number;
};

type GpuOnCloud = {
  /** The cloud's accelerator name (GKE's guest_accelerator type). */
  accelerator: string;
  /** The machine type the cluster path picks for each GPUs-per-node count. */
  machines: Machine[];
};

const m = (
  name: string,
  vcpus: number,
  memoryGiB: number,
  gpus: number,
  gpuMemoryGiB: number,
): Machine => ({ name, vcpus, memoryGiB, gpus, gpuMemoryGiB });

// 24 GB and 48 GB GPUs report 22888 MiB and 45776 MiB.
const L4 = 22.35;
const L40S = 44.7;

/**
 * One-GPU nodes have 8 vCPUs: a 4-vCPU node (g6.xlarge, NC4as_T4_v3) keeps
 * 3.86 to 3.92 allocatable CPUs, less than a model server and the GPU
 * operator's daemonsets need.
 */
export const GPU_MACHINES: Record<Cloud, Record<string, GpuOnCloud>> = {
  eks: {
    'nvidia-t4': {
      accelerator: 'nvidia-t4',
      machines: [
        m('g4dn.2xlarge', 8, 32, 1, 16),
        m('g4dn.12xlarge', 48, 192, 4, 16),
        m('g4dn.metal', 96, 384, 8, 16),
      ],
    },
    'nvidia-l4': {
      accelerator: 'nvidia-l4',
      machines: [
        m('g6.2xlarge', 8, 32, 1, L4),
        m('g6.12xlarge', 48, 192, 4, L4),
        m('g6.48xlarge', 192, 768, 8, L4),
      ],
    },
    'nvidia-a10g': {
      accelerator: 'nvidia-a10g',
      machines: [
        m('g5.2xlarge', 8, 32, 1, L4),
        m('g5.12xlarge', 48, 192, 4, L4),
        m('g5.48xlarge', 192, 768, 8, L4),
      ],
    },
    'nvidia-l40s': {
      accelerator: 'nvidia-l40s',
      machines: [
        m('g6e.2xlarge', 8, 64, 1, L40S),
        m('g6e.12xlarge', 48, 384, 4, L40S),
        m('g6e.48xlarge', 192, 1536, 8, L40S),
      ],
    },
    'nvidia-a100-80gb': {
      accelerator: 'nvidia-a100-80gb',
      machines: [m('p4de.24xlarge', 96, 1152, 8, 80)],
    },
    'nvidia-h100-80gb': {
      accelerator: 'nvidia-h100-80gb',
      machines: [m('p5.48xlarge', 192, 2048, 8, 80)],
    },
  },
  gke: {
    'nvidia-t4': {
      accelerator: 'nvidia-tesla-t4',
      machines: [
        m('n1-standard-8', 8, 30, 1, 16),
        m('n1-standard-16', 16, 60, 2, 16),
        m('n1-standard-32', 32, 120, 4, 16),
      ],
    },
    'nvidia-l4': {
      accelerator: 'nvidia-l4',
      machines: [
        m('g2-standard-8', 8, 32, 1, L4),
        m('g2-standard-24', 24, 96, 2, L4),
        m('g2-standard-48', 48, 192, 4, L4),
        m('g2-standard-96', 96, 384, 8, L4),
      ],
    },
    'nvidia-a100-80gb': {
      accelerator: 'nvidia-a100-80gb',
      machines: [
        m('a2-ultragpu-1g', 12, 170, 1, 80),
        m('a2-ultragpu-2g', 24, 340, 2, 80),
        m('a2-ultragpu-4g', 48, 680, 4, 80),
        m('a2-ultragpu-8g', 96, 1360, 8, 80),
      ],
    },
    'nvidia-h100-80gb': {
      accelerator: 'nvidia-h100-80gb',
      machines: [
        m('a3-highgpu-1g', 26, 234, 1, 80),
        m('a3-highgpu-2g', 52, 468, 2, 80),
        m('a3-highgpu-4g', 104, 936, 4, 80),
        m('a3-highgpu-8g', 208, 1872, 8, 80),
      ],
    },
  },
  aks: {
    'nvidia-t4': {
      accelerator: 'nvidia-t4',
      machines: [
        m('Standard_NC8as_T4_v3', 8, 56, 1, 16),
        m('Standard_NC64as_T4_v3', 64, 440, 4, 16),
      ],
    },
    'nvidia-a100-80gb': {
      accelerator: 'nvidia-a100-80gb',
      machines: [
        m('Standard_NC24ads_A100_v4', 24, 220, 1, 80),
        m('Standard_NC48ads_A100_v4', 48, 440, 2, 80),
        m('Standard_NC96ads_A100_v4', 96, 880, 4, 80),
        m('Standard_ND96amsr_A100_v4', 96, 1900, 8, 80),
      ],
    },
    'nvidia-h100-80gb': {
      accelerator: 'nvidia-h100-80gb',
      machines: [
        m('Standard_NC40ads_H100_v5', 40, 320, 1, 80),
        m('Standard_NC80adis_H100_v5', 80, 640, 2, 80),
        m('Standard_ND96isr_H100_v5', 96, 1900, 8, 80),
      ],
    },
  },
};

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
