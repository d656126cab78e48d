import { gpuPrices } from '../__testUtils__/dryRun';
import {
  allocatable,
  Cloud,
  GPU_MACHINES,
  NODE_DAEMONSETS,
  rootDiskGiB,
} from './machineTypes';
import { planNodePools } from './nodePools';
import { servingPod } from './servingPod';

const clouds = Object.keys(GPU_MACHINES) as Cloud[];
const gib = (quantity: string) => Number(quantity.replace(/Gi$/, ''));
const millis = (quantity: string) => Number(quantity.replace(/m$/, ''));

describe('one fleet: serving pods fit the cluster path’s GPU nodes', () => {
  /** The node types of the table that can carry a pod with `gpus` GPUs. */
  const nodesFor = (gpuType: string, gpus: number) =>
    clouds.flatMap(cloud =>
      Object.hasOwn(GPU_MACHINES[cloud], gpuType)
        ? GPU_MACHINES[cloud][gpuType].machines
            .filter(m => m.gpus >= gpus)
            .map(machine => ({ cloud, machine }))
        : [],
    );
  // Every GPU type of the price table × GPUs per replica × cloud × node type.
  const cases = Object.keys(gpuPrices).flatMap(gpuType =>
    [1, 2, 4, 8, 16].map(gpus => [gpuType, gpus] as const),
  );
  const unservable = cases.filter(([t, g]) => nodesFor(t, g).length === 0);

  it.each(unservable)(
    '%s × %i per replica: no node carries it',
    (gpuType, gpus) => {
      expect(() =>
        servingPod({ gpuType, gpus, weightsGiB: 10, runtime: 'vllm' }),
      ).toThrow(/^gpusPerReplica: no .* node of the cluster golden path has/);
    },
  );

  it.each(cases.filter(c => !unservable.includes(c)))(
    '%s × %i per replica',
    (gpuType, gpus) => {
      const nodes = nodesFor(gpuType, gpus);
      // The largest weights that fit this many GPUs, served by Triton (weights and engine on disk).
      const weightsGiB = gpuPrices[gpuType].memoryGiB * gpus * 0.9;
      const pod = servingPod({ gpuType, gpus, weightsGiB, runtime: 'triton' });
      const overflow = nodes.flatMap(({ cloud, machine }) => {
        // Each node, through the cluster path's own planner, with as many pods as it has GPUs for.
        const [segment] = planNodePools(cloud, [
          {
            name: 'gpu',
            gpuType,
            gpusPerNode: machine.gpus,
            minNodes: 0,
            maxNodes: 1,
            capacity: 'on-demand',
          },
        ]);
        expect(segment.instanceType).toBe(machine.name);
        const node = allocatable(cloud, machine);
        const pods = Math.floor(machine.gpus / gpus);
        const used = {
          cpuMillis: pods * millis(pod.cpu) + NODE_DAEMONSETS.cpuMillis,
          memoryMiB: pods * gib(pod.memory) * 1024 + NODE_DAEMONSETS.memoryMiB,
          ephemeralGiB: pods * gib(pod.ephemeralStorage),
        };
        expect(segment.diskGiB).toBe(rootDiskGiB(machine.gpus));
        return (['cpuMillis', 'memoryMiB', 'ephemeralGiB'] as const)
          .filter(r => used[r] > node[r])
          .map(r => `${cloud} ${machine.name}: ${r} ${used[r]} > ${node[r]}`);
      });
      expect(overflow).toEqual([]);
      // And the pod is not starved: at least 4 CPUs and 16 GiB per GPU.
      expect(millis(pod.cpu)).toBeGreaterThanOrEqual(4000 * Math.min(gpus, 2));
      expect(gib(pod.memory)).toBeGreaterThanOrEqual(16 * Math.min(gpus, 2));
    },
  );

  it('picks 1-GPU nodes with room for a model server (was: 4 vCPU, 3.86–3.92 allocatable)', () => {
    for (const cloud of clouds) {
      for (const [gpuType, { machines }] of Object.entries(
        GPU_MACHINES[cloud],
      )) {
        const single = machines.find(m => m.gpus === 1);
        if (!single) continue;
        expect({
          cloud,
          gpuType,
          cpu:
            allocatable(cloud, single).cpuMillis >
            4000 + NODE_DAEMONSETS.cpuMillis,
        }).toEqual({ cloud, gpuType, cpu: true });
      }
    }
    expect(
      servingPod({ gpuType: 'nvidia-l4', gpus: 1, weightsGiB: 15 }),
    ).toMatchObject({ cpu: '6900m' });
  });

  it('reserves what each cloud documents', () => {
    const g6 = GPU_MACHINES.eks['nvidia-l4'].machines[0];
    // 8 vCPUs: 60 + 10 + 2 × 5 + 4 × 2.5 m on EKS and GKE, 180 m on AKS.
    expect(allocatable('eks', g6).cpuMillis).toBe(7910);
    expect(
      allocatable('gke', GPU_MACHINES.gke['nvidia-l4'].machines[0]).cpuMillis,
    ).toBe(7910);
    expect(
      allocatable('aks', GPU_MACHINES.aks['nvidia-t4'].machines[0]).cpuMillis,
    ).toBe(7820);
    // GKE memory on 32 GiB: 1 + 0.8 + 0.8 + 0.96 GiB, and 100 MiB of eviction.
    expect(
      allocatable('gke', GPU_MACHINES.gke['nvidia-l4'].machines[0]).memoryMiB,
    ).toBe(Math.floor(32 * 1024 - 3.56 * 1024 - 100));
  });

  it('agrees with the price table on GPU memory', () => {
    for (const cloud of clouds) {
      for (const [gpuType, { machines }] of Object.entries(
        GPU_MACHINES[cloud],
      )) {
        for (const machine of machines) {
          expect({
            gpuType,
            machine: machine.name,
            memoryGiB: machine.gpuMemoryGiB,
          }).toEqual({
            gpuType,
            machine: machine.name,
            memoryGiB: gpuPrices[gpuType].memoryGiB,
          });
        }
      }
    }
  });

  it('says when a GPU type is not in the machine table instead of claiming a fit', () => {
    const pod = servingPod({
      gpuType: 'nvidia-b200',
      gpus: 2,
      weightsGiB: 100,
    });
    expect(pod.cpu).toBe('8');
    expect(pod.explanation[0]).toMatch(/not checked/);
  });
});
