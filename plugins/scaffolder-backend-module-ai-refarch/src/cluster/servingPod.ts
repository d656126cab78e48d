/**
 * The requests of a model-serving pod, from the machine table that the
 * cluster golden path creates its GPU nodes from, so the serving golden
 * path's pods fit on the platform's own nodes.
 */

import { ServingEngine } from '@ai-refarch/plugin-ai-model-common';
import { FieldError } from '../fieldError';
import { GPU_MACHINES, NODE_DAEMONSETS, podShare } from './machineTypes';

export type ServingPod = {
  cpu: string;
  memory: string;
  ephemeralStorage: string;
  /** emptyDir for the weights. */
  modelsVolumeGiB: number;
  /** emptyDir for Triton's backend files, engine and model repository; 0 for the others. */
  workVolumeGiB: number;
  explanation: string[];
};

export function servingPod(options: {
  gpuType: string;
  gpus: number;
  weightsGiB: number;
  runtime?: ServingEngine;
}): ServingPod {
  const { gpuType, gpus } = options;
  // Downloads need room beside the weights (safetensors shards, tokenizer).
  const modelsVolumeGiB = Math.ceil(options.weightsGiB * 1.3) + 10;
  // The engine is about the size of the weights.
  const workVolumeGiB = options.runtime === 'triton' ? modelsVolumeGiB : 0;
  const storage = modelsVolumeGiB + workVolumeGiB;
  const offered = Object.values(GPU_MACHINES).some(table =>
    Object.hasOwn(table, gpuType),
  );
  if (!offered) {
    // A GPU type the platform added to its price table but not to this
    // golden path's machine table: the per-GPU requests of the larger nodes.
    return {
      cpu: String(4 * gpus),
      memory: `${16 * gpus}Gi`,
      ephemeralStorage: `${storage}Gi`,
      modelsVolumeGiB,
      workVolumeGiB,
      explanation: [
        `pod requests 4 CPUs and 16 GiB per GPU: ${gpuType} has no machine type in the cluster golden path's table, so the fit with the platform's nodes is not checked`,
      ],
    };
  }
  const share = podShare(gpuType, gpus);
  if (!share) {
    const most = Math.max(
      ...Object.values(GPU_MACHINES).flatMap(table =>
        Object.hasOwn(table, gpuType)
          ? table[gpuType].machines.map(m => m.gpus)
          : [],
      ),
    );
    throw new FieldError(
      'gpusPerReplica',
      `no ${gpuType} node of the cluster golden path has ${gpus} GPUs (the largest has ${most}); a replica runs on one node`,
    );
  }
  if (storage > share.ephemeralGiB) {
    throw new FieldError(
      'gpusPerReplica',
      `the weights${
        workVolumeGiB ? ' and the TensorRT-LLM engine' : ''
      } need ${storage} GiB of node disk, more than the ${
        share.ephemeralGiB
      } GiB a replica with ${gpus} × ${gpuType} gets`,
    );
  }
  const cpuMillis = Math.floor(share.cpuMillis / 100) * 100;
  const memoryGiB = Math.floor(share.memoryMiB / 1024);
  return {
    cpu: `${cpuMillis}m`,
    memory: `${memoryGiB}Gi`,
    ephemeralStorage: `${storage}Gi`,
    modelsVolumeGiB,
    workVolumeGiB,
    explanation: [
      `pod requests ${cpuMillis / 1000} CPUs and ${memoryGiB} GiB: what ${
        share.tightest
      } leaves after kube-reserved, eviction and ${
        NODE_DAEMONSETS.cpuMillis / 1000
      } CPU / ${NODE_DAEMONSETS.memoryMiB / 1024} GiB of daemonsets`,
      `pod disk ${storage} GiB (weights${
        workVolumeGiB ? ' and engine' : ''
      }), within the ${share.ephemeralGiB} GiB a replica gets on any node`,
    ],
  };
}
