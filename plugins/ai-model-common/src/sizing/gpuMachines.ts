// One table of GPU machine types per cloud, used by both golden paths (the
// cluster path creates node pools of these types, and the serving path sizes
// its pods to fit the allocatable resources of every type that can carry
// them) and by the scorecard (the GPUs of a node pool a cluster's Terraform
// declares).
//
// Sources (vCPU, memory, GPUs, GPU memory as the cloud reports it):
/* - EKS: the EC2 API as tabulated by Karpenter's instance-types reference
 *   (aws/karpenter-provider-aws, website/content/en/docs/reference/instance-types.md).
 * - GKE: https://cloud.google.com/compute/docs/gpus and
 *   https://cloud.google.com/compute/docs/accelerator-optimized-machines
 *   (N1 with T4: n1-standard has 3.75 GB per vCPU).
 * - AKS: the NCasT4_v3, NC A100 v4, NDm A100 v4, NC H100 v5 and ND H100 v5
 *   size pages of learn.microsoft.com/azure/virtual-machines/sizes.
 */

/** The managed Kubernetes services the GPU machine table covers. @public */
export type GpuCloud = 'eks' | 'gke' | 'aks';

/** One GPU machine type of a cloud. @public */
export type GpuMachine = {
  name: string;
  vcpus: number;
  memoryGiB: number;
  gpus: number;
  /** Memory of one GPU, as the cloud reports it (EC2: instance-gpu-memory). */
  gpuMemoryGiB: number;
};

/** One GPU type on one cloud: its accelerator name and machine types. @public */
export type GpuOnCloud = {
  /** The cloud's accelerator name (GKE's guest_accelerator type). */
  accelerator: string;
  /** The machine type the cluster path picks for each GPUs-per-node count. */
  machines: GpuMachine[];
};

const m = (
  name: string,
  vcpus: number,
  memoryGiB: number,
  gpus: number,
  gpuMemoryGiB: number,
): GpuMachine => ({ name, vcpus, memoryGiB, gpus, gpuMemoryGiB });

// 24 GB and 48 GB GPUs report 22888 MiB and 45776 MiB.
const L4 = 22.35;
const L40S = 44.7;

/**
 * The GPU machine types of each cloud, by GPU type, with the cloud's
 * accelerator name.
 *
 * One-GPU nodes have 8 vCPUs: a 4-vCPU node (g6.xlarge, NC4as_T4_v3) keeps
 * 3.86 to 3.92 allocatable CPUs, less than a model server and the GPU
 * operator's daemonsets need.
 *
 * @public
 */
export const GPU_MACHINES: Record<GpuCloud, Record<string, GpuOnCloud>> = {
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

/**
 * A machine type of the table by its cloud name (`p5.48xlarge`,
 * `a3-highgpu-8g`, `Standard_ND96isr_H100_v5`), with its GPU type;
 * undefined for a type the table does not hold.
 *
 * @public
 */
export function gpuMachine(
  cloud: GpuCloud,
  name: string,
): (GpuMachine & { gpuType: string }) | undefined {
  for (const [gpuType, { machines }] of Object.entries(GPU_MACHINES[cloud])) {
    const machine = machines.find(candidate => candidate.name === name);
    if (machine) return { ...machine, gpuType };
  }
  return undefined;
}
