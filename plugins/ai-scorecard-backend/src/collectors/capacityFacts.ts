import { GpuCloud, gpuMachine } from '@ai-refarch/plugin-ai-model-common';
import {
  Block,
  Blocks,
  CLUSTER_KINDS,
  clusterBlocks,
  first,
  literal,
} from './terraformFacts';
import {
  ANNOTATION_MAX_GPUS,
  ANNOTATION_SPOT_SHARE,
} from '@ai-refarch/plugin-ai-scorecard-common';

/** One GPU node pool of a cluster: a cloud node pool or a Karpenter NodePool. */
export type GpuPool = {
  /** `module.eks_us_east_1.eks_managed_node_groups.inference`, `NodePool inference-spot`, … */
  address: string;
  file: string;
  spot: boolean;
  /** Most GPUs the pool may hold; null when it has no ceiling or it cannot be read. */
  maxGpus: number | null;
  /** It has no ceiling at all (a Karpenter NodePool without a GPU limit). */
  unbounded?: boolean;
  /** Why maxGpus is null. */
  why?: string;
};

/** The GPU envelope of one cluster the Terraform declares. */
export type ClusterCapacity = {
  address: string;
  pools: GpuPool[];
  maxGpus: number;
  spotGpus: number;
  /** spotGpus / maxGpus, to three decimals (0 without GPUs). */
  spotShare: number;
};

/**
 * `repo.capacity`: the GPU ceiling and spot share of each cluster, read
 * from the node pools its Terraform declares and, on EKS, the Karpenter
 * NodePools of the repository's `kubernetes/` manifests (applied to every
 * EKS cluster of the repository, as the GPU cluster golden path does), and
 * compared with what the cluster's Resource declares in
 * `ai-refarch.io/max-gpus` and `ai-refarch.io/spot-share`.
 */
export type CapacityFacts = {
  clusters: ClusterCapacity[];
  /** GPU pools that may grow without limit, each with where and why. */
  unbounded: string[];
  /** Where the declared envelope and the declared pools differ. */
  mismatches: string[];
};

/** Instance families with NVIDIA GPUs, for types the machine table lacks. */
const GPU_FAMILY: Record<GpuCloud, RegExp> = {
  eks: /^(p\d|g\d)[a-z]*\./,
  gke: /^(a2|a3|a4|g2|g4)-/,
  aks: /^Standard_N/i,
};

type Entry = { block: Block; file: string };

const blocksOf = (value: unknown): Block[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (v): v is Block => !!v && typeof v === 'object',
  );

const whole = (n: unknown): number | null =>
  typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;

/**
 * The GPUs per node of a machine type: the table's, else null with the
 * reason for a GPU family the table lacks, else 0 (not a GPU machine).
 */
function gpusOf(
  cloud: GpuCloud,
  type: string | null,
): { gpus: number } | { why: string } {
  if (type === null) return { why: 'its machine type is not a literal' };
  const machine = gpuMachine(cloud, type);
  if (machine) return { gpus: machine.gpus };
  if (GPU_FAMILY[cloud].test(type)) {
    return {
      why: `${type} is not in the GPU machine table, so its GPUs per node are not known`,
    };
  }
  return { gpus: 0 };
}

/**
 * A pool from its machine type, node ceiling and capacity type; undefined
 * when its machines have no GPU.
 */
function pool(
  address: string,
  file: string,
  gpus: { gpus: number } | { why: string },
  maxNodes: number | null,
  maxNodesWhy: string,
  spot: boolean,
): GpuPool | undefined {
  if ('gpus' in gpus && gpus.gpus === 0) return undefined;
  if ('why' in gpus) return { address, file, spot, maxGpus: null, ...gpus };
  if (maxNodes === null) {
    return { address, file, spot, maxGpus: null, why: maxNodesWhy };
  }
  return { address, file, spot, maxGpus: maxNodes * gpus.gpus };
}

/**
 * The GPUs per node of an EKS pool's instance types: the most of any (the
 * ceiling when a pool mixes types). Types that are not literals leave a
 * pool with an NVIDIA AMI unknown, and any other pool without GPUs.
 */
function eksGpus(
  blocks: Blocks,
  instanceTypes: unknown,
  amiType?: unknown,
): { gpus: number } | { why: string } {
  const each = (Array.isArray(instanceTypes) ? instanceTypes : []).map(t => {
    const type = literal(blocks, t);
    return gpusOf('eks', typeof type === 'string' ? type : null);
  });
  const unknown = each.find(x => 'why' in x);
  if (unknown) return unknown;
  const gpus = Math.max(0, ...each.map(x => ('gpus' in x ? x.gpus : 0)));
  if (
    each.length === 0 &&
    /NVIDIA|GPU/i.test(String(literal(blocks, amiType)))
  ) {
    return { why: 'its instance types are not literals' };
  }
  return { gpus };
}

/** EKS managed node groups of the terraform-aws-modules/eks module. */
function eksModulePools(blocks: Blocks, name: string, { block, file }: Entry) {
  const pools: GpuPool[] = [];
  const groups = blocksOf(block.eks_managed_node_groups)[0] ?? {};
  for (const [group, value] of Object.entries(groups)) {
    const g = blocksOf(value)[0] ?? {};
    const p = pool(
      `module.${name}.eks_managed_node_groups.${group}`,
      file,
      eksGpus(blocks, g.instance_types, g.ami_type),
      whole(literal(blocks, g.max_size)),
      'its max_size is not a literal, variable or local',
      literal(blocks, g.capacity_type) === 'SPOT',
    );
    if (p) pools.push(p);
  }
  return pools;
}

/** A node pool resource's cluster: the address its cluster reference names. */
function clusterOf(reference: unknown): string | undefined {
  return typeof reference === 'string'
    ? /^\$\{([A-Za-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(reference)?.[1]
    : undefined;
}

function eksNodeGroup(blocks: Blocks, name: string, { block, file }: Entry) {
  return pool(
    `aws_eks_node_group.${name}`,
    file,
    eksGpus(blocks, block.instance_types, block.ami_type),
    whole(literal(blocks, first(block.scaling_config)?.max_size)),
    'its scaling_config.max_size is not a literal, variable or local',
    literal(blocks, block.capacity_type) === 'SPOT',
  );
}

function gkeNodePool(blocks: Blocks, name: string, { block, file }: Entry) {
  const config = first(block.node_config) ?? {};
  const accelerator = first(config.guest_accelerator);
  const machine = literal(blocks, config.machine_type);
  // Accelerator-optimized machines (A2, A3, G2) come with their GPUs.
  let gpus = gpusOf('gke', typeof machine === 'string' ? machine : null);
  if (accelerator) {
    const count = whole(literal(blocks, accelerator.count));
    gpus =
      count === null
        ? { why: 'its guest_accelerator count is not a literal' }
        : { gpus: count };
  }
  const autoscaling = first(block.autoscaling);
  const zones = Array.isArray(block.node_locations)
    ? block.node_locations.length
    : null;
  let maxNodes: number | null = null;
  let why = '';
  if (autoscaling && autoscaling.total_max_node_count !== undefined) {
    maxNodes = whole(literal(blocks, autoscaling.total_max_node_count));
    why = 'its total_max_node_count is not a literal, variable or local';
  } else {
    // max_node_count and node_count are per zone.
    const perZone = autoscaling
      ? whole(literal(blocks, autoscaling.max_node_count))
      : whole(literal(blocks, block.node_count));
    maxNodes = perZone !== null && zones !== null ? perZone * zones : null;
    why = autoscaling
      ? 'its max_node_count is per zone and its zones (node_locations) are not listed'
      : 'it does not autoscale and its node_count per zone or its zones (node_locations) are not literals';
  }
  return pool(
    `google_container_node_pool.${name}`,
    file,
    gpus,
    maxNodes,
    why,
    literal(blocks, config.spot) === true ||
      literal(blocks, config.preemptible) === true,
  );
}

function aksPool(blocks: Blocks, address: string, file: string, p: Block) {
  const vmSize = literal(blocks, p.vm_size);
  const autoscales =
    literal(blocks, p.auto_scaling_enabled) === true ||
    literal(blocks, p.enable_auto_scaling) === true;
  return pool(
    address,
    file,
    gpusOf('aks', typeof vmSize === 'string' ? vmSize : null),
    whole(literal(blocks, autoscales ? p.max_count : p.node_count)),
    `its ${
      autoscales ? 'max_count' : 'node_count'
    } is not a literal, variable or local`,
    literal(blocks, p.priority) === 'Spot',
  );
}

type Manifest = Record<string, any>;

/**
 * Karpenter NodePools that launch GPU nodes: with a GPU limit, a GPU taint
 * or a GPU requirement. Without a capacity-type requirement Karpenter
 * launches on-demand nodes (karpenter.sh/docs/concepts/nodepools).
 */
function karpenterPools(manifests: Manifest[], file: string): GpuPool[] {
  const pools: GpuPool[] = [];
  for (const m of manifests) {
    if (
      m.kind !== 'NodePool' ||
      typeof m.apiVersion !== 'string' ||
      !m.apiVersion.startsWith('karpenter.sh/')
    ) {
      continue;
    }
    const spec = m.spec?.template?.spec ?? {};
    const requirements: Manifest[] = Array.isArray(spec.requirements)
      ? spec.requirements
      : [];
    const limit = m.spec?.limits?.['nvidia.com/gpu'];
    const gpu =
      limit !== undefined ||
      (Array.isArray(spec.taints) &&
        spec.taints.some((t: Manifest) => t?.key === 'nvidia.com/gpu')) ||
      requirements.some(
        r =>
          /^karpenter\.k8s\.aws\/instance-gpu-/.test(r?.key) ||
          (r?.key === 'node.kubernetes.io/instance-type' &&
            (r.values ?? []).some((v: unknown) =>
              GPU_FAMILY.eks.test(String(v)),
            )),
      );
    if (!gpu) continue;
    const capacity = requirements.find(
      r => r?.key === 'karpenter.sh/capacity-type',
    );
    const spot =
      !!capacity &&
      (capacity.operator === 'In'
        ? (capacity.values ?? []).includes('spot')
        : capacity.operator === 'NotIn' &&
          !(capacity.values ?? []).includes('spot'));
    const address = `NodePool ${m.metadata?.name ?? '(no name)'}`;
    const max = /^\d+$/.test(String(limit ?? '')) ? Number(limit) : null;
    if (max !== null) {
      pools.push({ address, file, spot, maxGpus: max });
    } else if (limit === undefined) {
      pools.push({
        address,
        file,
        spot,
        maxGpus: null,
        unbounded: true,
        why: 'it has no spec.limits for nvidia.com/gpu, so Karpenter may add GPU nodes without limit',
      });
    } else {
      pools.push({
        address,
        file,
        spot,
        maxGpus: null,
        why: `its nvidia.com/gpu limit ${JSON.stringify(
          limit,
        )} is not a whole number`,
      });
    }
  }
  return pools;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Reads `repo.capacity` from a repository's Terraform and Kubernetes
 * manifests; `unknown` (with the reason) when a pool's ceiling cannot be
 * read and no pool is unbounded, or when the Terraform declares no cluster.
 */
export function capacityFacts(
  blocks: Blocks,
  manifests: { file: string; manifest: Manifest }[],
  annotations: Record<string, string> = {},
): { value: CapacityFacts } | { unknown: string } {
  const declared = clusterBlocks(blocks);
  if (declared.length === 0) {
    return {
      unknown: `the repository's Terraform declares no Kubernetes cluster (${CLUSTER_KINDS})`,
    };
  }
  const byCluster = new Map<string, GpuPool[]>();
  for (const { address, file, block, kind } of declared) {
    if (kind === 'eks-module') {
      byCluster.set(
        address,
        eksModulePools(blocks, address.slice('module.'.length), {
          block,
          file,
        }),
      );
    } else if (kind === 'aks') {
      const system = first(block.default_node_pool);
      const p =
        system && aksPool(blocks, `${address}.default_node_pool`, file, system);
      byCluster.set(address, p ? [p] : []);
    } else {
      byCluster.set(address, []);
    }
  }
  const eksClusters = declared
    .filter(c => c.kind === 'eks' || c.kind === 'eks-module')
    .map(c => c.address);
  const resources = (type: string) =>
    Object.entries(blocks.resource[type] ?? {});
  const attach = (
    type: string,
    reference: string,
    read: (name: string, entry: Entry) => GpuPool | undefined,
  ) => {
    for (const [name, entry] of resources(type)) {
      const p = read(name, entry);
      if (!p) continue;
      const cluster = clusterOf(entry.block[reference]);
      const pools = cluster && byCluster.get(cluster);
      if (pools) pools.push(p);
      else {
        // A GPU pool of a cluster the repository does not declare.
        return `${type}.${name} (${entry.file}): its ${reference} names no cluster this Terraform declares`;
      }
    }
    return undefined;
  };
  const stray =
    attach('aws_eks_node_group', 'cluster_name', (n, e) =>
      eksNodeGroup(blocks, n, e),
    ) ??
    attach('google_container_node_pool', 'cluster', (n, e) =>
      gkeNodePool(blocks, n, e),
    ) ??
    attach(
      'azurerm_kubernetes_cluster_node_pool',
      'kubernetes_cluster_id',
      (n, e) =>
        aksPool(
          blocks,
          `azurerm_kubernetes_cluster_node_pool.${n}`,
          e.file,
          e.block,
        ),
    );
  if (stray) return { unknown: stray };

  // Karpenter's NodePools, applied to every EKS cluster.
  const karpenter = manifests.flatMap(({ file, manifest }) =>
    karpenterPools([manifest], file),
  );
  for (const cluster of eksClusters) byCluster.get(cluster)!.push(...karpenter);

  const all = [...byCluster.values()].flat();
  const unbounded = [
    ...new Set(
      all
        .filter(p => p.unbounded)
        .map(p => `${p.address} (${p.file}): ${p.why}`),
    ),
  ];
  const unreadable = all.filter(p => p.maxGpus === null && !p.unbounded);
  if (unreadable.length && unbounded.length === 0) {
    return {
      unknown: `the GPU ceiling of ${[
        ...new Set(unreadable.map(p => `${p.address} (${p.file}): ${p.why}`)),
      ].join('; ')} cannot be read`,
    };
  }

  const clusters: ClusterCapacity[] = [...byCluster.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([address, pools]) => {
      const maxGpus = pools.reduce((n, p) => n + (p.maxGpus ?? 0), 0);
      const spotGpus = pools
        .filter(p => p.spot)
        .reduce((n, p) => n + (p.maxGpus ?? 0), 0);
      return {
        address,
        pools,
        maxGpus,
        spotGpus,
        spotShare: maxGpus ? round3(spotGpus / maxGpus) : 0,
      };
    });
  return {
    value: {
      clusters,
      unbounded,
      mismatches: unbounded.length ? [] : mismatches(clusters, annotations),
    },
  };
}

/** Each way the Resource's declared envelope differs from a cluster's pools. */
function mismatches(
  clusters: ClusterCapacity[],
  annotations: Record<string, string>,
): string[] {
  const found: string[] = [];
  const maxGpus = annotations[ANNOTATION_MAX_GPUS];
  const spotShare = annotations[ANNOTATION_SPOT_SHARE];
  const ceilings = clusters.map(c => `${c.address} allows ${c.maxGpus}`);
  if (maxGpus === undefined) {
    found.push(
      `the Resource declares no ${ANNOTATION_MAX_GPUS}; ${ceilings.join(', ')}`,
    );
  } else if (!/^\d+$/.test(maxGpus.trim())) {
    found.push(`${ANNOTATION_MAX_GPUS} "${maxGpus}" is not a whole number`);
  } else {
    for (const c of clusters) {
      if (c.maxGpus !== Number(maxGpus)) {
        found.push(
          `${ANNOTATION_MAX_GPUS} says ${Number(maxGpus)} GPUs; ${
            c.address
          } allows ${c.maxGpus} (${c.pools
            .map(p => `${p.address}: ${p.maxGpus}`)
            .join(', ')})`,
        );
      }
    }
  }
  const share = spotShare === undefined ? NaN : Number(spotShare);
  if (spotShare === undefined) {
    found.push(
      `the Resource declares no ${ANNOTATION_SPOT_SHARE}; ${clusters
        .map(c => `${c.address} has ${c.spotShare} on spot`)
        .join(', ')}`,
    );
  } else if (!(share >= 0 && share <= 1)) {
    found.push(
      `${ANNOTATION_SPOT_SHARE} "${spotShare}" is not a share from 0 to 1`,
    );
  } else {
    for (const c of clusters) {
      if (Math.abs(c.spotShare - share) > 0.005) {
        found.push(
          `${ANNOTATION_SPOT_SHARE} says ${share}; ${c.address} has ${c.spotGpus} of ${c.maxGpus} GPUs on spot (${c.spotShare})`,
        );
      }
    }
  }
  return found;
}
