import { parse as parseHcl } from '@cdktf/hcl2json';

/** One Kubernetes cluster that the repository's Terraform declares. */
export type TerraformCluster = {
  /** Its Terraform address, e.g. `module.eks_us_east_1`. */
  address: string;
  file: string;
  /** The cloud region it is created in; null when Terraform alone cannot tell. */
  region: string | null;
  /** Why the region could not be read, when it could not. */
  why?: string;
};

/**
 * `repo.terraform`: the Kubernetes clusters the repository's Terraform
 * declares (EKS as `aws_eks_cluster` or the terraform-aws-modules/eks
 * module, GKE `google_container_cluster`, AKS `azurerm_kubernetes_cluster`),
 * each with the region it is created in, and the distinct regions.
 */
export type TerraformFacts = {
  clusters: TerraformCluster[];
  regions: string[];
  regionCount: number;
};

/** Terraform's root module files, in the repository's root or `terraform/`. */
export const TERRAFORM_FILES = /^(terraform\/)?[^/]+\.(tf|tfvars)$/;

export type Block = Record<string, unknown>;
/** A Terraform root module's blocks, by type and name. */
export type Blocks = {
  resource: Record<string, Record<string, { block: Block; file: string }>>;
  module: Record<string, { block: Block; file: string }>;
  provider: Record<string, Block[]>;
  variable: Record<string, Block>;
  locals: Record<string, unknown>;
  /** Variable values from terraform.tfvars and *.auto.tfvars, which Terraform loads by itself. */
  tfvars: Record<string, unknown>;
};

/** The EKS module itself; its submodules (`//modules/karpenter`, …) are not clusters. */
export const EKS_MODULE = /^terraform-aws-modules\/eks\/aws$/;
/** A GKE zone (us-central1-a) rather than a region (us-central1). */
const GCP_ZONE = /^([a-z]+-[a-z]+\d+)-[a-z]$/;

export const first = (value: unknown): Block | undefined =>
  Array.isArray(value) && value[0] && typeof value[0] === 'object'
    ? (value[0] as Block)
    : undefined;

/** Parses a root module's files; throws naming a file that does not parse. */
export async function readTerraform(
  files: { path: string; text: string }[],
): Promise<Blocks> {
  const blocks: Blocks = {
    resource: {},
    module: {},
    provider: {},
    variable: {},
    locals: {},
    tfvars: {},
  };
  for (const { path, text } of files) {
    let parsed: Record<string, any>;
    try {
      parsed = await parseHcl(path, text);
    } catch (error) {
      throw new Error(
        `${path} does not parse as HCL: ${String(
          (error as Error).message ?? error,
        )
          .split('\n')[0]
          .slice(0, 300)}`,
      );
    }
    if (path.endsWith('.tfvars')) {
      const name = path.slice(path.lastIndexOf('/') + 1);
      if (name === 'terraform.tfvars' || name.endsWith('.auto.tfvars')) {
        Object.assign(blocks.tfvars, parsed);
      }
      continue;
    }
    for (const [type, byName] of Object.entries(parsed.resource ?? {})) {
      for (const [name, body] of Object.entries(byName as object)) {
        const block = first(body);
        if (block) {
          (blocks.resource[type] ??= {})[name] = { block, file: path };
        }
      }
    }
    for (const [name, body] of Object.entries(parsed.module ?? {})) {
      const block = first(body);
      if (block) blocks.module[name] = { block, file: path };
    }
    for (const [name, body] of Object.entries(parsed.provider ?? {})) {
      if (Array.isArray(body)) {
        (blocks.provider[name] ??= []).push(...(body as Block[]));
      }
    }
    for (const [name, body] of Object.entries(parsed.variable ?? {})) {
      const block = first(body);
      if (block) blocks.variable[name] = block;
    }
    for (const locals of (parsed.locals ?? []) as Block[]) {
      Object.assign(blocks.locals, locals);
    }
  }
  return blocks;
}

/**
 * The literal a Terraform value comes to: a string, number or bool as
 * written, or one whole reference (`var.x`, `local.x`, `<resource
 * type>.<name>.<attribute>`) followed to a literal. Anything else
 * (functions, data sources, interpolation inside text) is not evaluated:
 * null.
 */
export function literal(
  blocks: Blocks,
  value: unknown,
  depth = 0,
): string | number | boolean | null {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'string' || depth > 8) return null;
  if (!value.includes('${')) return value;
  const ref = /^\$\{([A-Za-z0-9_.-]+)\}$/.exec(value)?.[1];
  if (!ref) return null;
  const [head, name, attribute, ...rest] = ref.split('.');
  if (head === 'var' && attribute === undefined) {
    const value_ =
      name in blocks.tfvars
        ? blocks.tfvars[name]
        : blocks.variable[name]?.default;
    return literal(blocks, value_, depth + 1);
  }
  if (head === 'local' && attribute === undefined) {
    return literal(blocks, blocks.locals[name], depth + 1);
  }
  if (attribute !== undefined && rest.length === 0) {
    const resource = blocks.resource[head]?.[name];
    if (resource) return literal(blocks, resource.block[attribute], depth + 1);
  }
  return null;
}

/** The string a Terraform value comes to (see `literal`). */
function resolve(blocks: Blocks, value: unknown): string | null {
  const v = literal(blocks, value);
  return typeof v === 'string' ? v : null;
}

/** The region of an AWS resource or module: its provider's, by alias. */
function awsRegion(
  blocks: Blocks,
  providerRef: unknown,
): { region: string | null; why?: string } {
  const alias =
    typeof providerRef === 'string'
      ? /^\$\{aws\.([A-Za-z0-9_-]+)\}$/.exec(providerRef)?.[1]
      : undefined;
  if (typeof providerRef === 'string' && !alias) {
    return {
      region: null,
      why: `its provider ${providerRef} is not aws.<alias>`,
    };
  }
  const provider = (blocks.provider.aws ?? []).find(p =>
    alias ? p.alias === alias : p.alias === undefined,
  );
  if (!provider) {
    return {
      region: null,
      why: alias
        ? `no provider "aws" with alias ${alias}`
        : 'no default provider "aws" (the region would come from the environment)',
    };
  }
  const region = resolve(blocks, provider.region);
  return region
    ? { region }
    : {
        region: null,
        why: `the region of provider "aws"${
          alias ? ` (${alias})` : ''
        } is not a literal, variable or local`,
      };
}

function located(
  blocks: Blocks,
  location: unknown,
  normalise: (s: string) => string,
): { region: string | null; why?: string } {
  const value = resolve(blocks, location);
  if (!value) {
    return {
      region: null,
      why: `location ${JSON.stringify(
        location ?? null,
      )} is not a literal, variable, local or resource attribute`,
    };
  }
  return { region: normalise(value) };
}

/** A Kubernetes cluster block of the Terraform, by the way it is declared. */
export type ClusterBlock = {
  address: string;
  file: string;
  block: Block;
  kind: 'eks-module' | 'eks' | 'gke' | 'aks';
};

/** What `clusterBlocks` looks for, in words for the messages. */
export const CLUSTER_KINDS =
  'aws_eks_cluster, the terraform-aws-modules/eks module, google_container_cluster or azurerm_kubernetes_cluster';

/**
 * The Kubernetes clusters a root module declares: EKS as `aws_eks_cluster`
 * or the terraform-aws-modules/eks module, GKE `google_container_cluster`,
 * AKS `azurerm_kubernetes_cluster`; sorted by address.
 */
export function clusterBlocks(blocks: Blocks): ClusterBlock[] {
  const clusters: ClusterBlock[] = [];
  for (const [name, { block, file }] of Object.entries(blocks.module)) {
    if (typeof block.source === 'string' && EKS_MODULE.test(block.source)) {
      clusters.push({
        address: `module.${name}`,
        file,
        block,
        kind: 'eks-module',
      });
    }
  }
  const kinds = {
    aws_eks_cluster: 'eks',
    google_container_cluster: 'gke',
    azurerm_kubernetes_cluster: 'aks',
  } as const;
  for (const [type, kind] of Object.entries(kinds)) {
    for (const [name, { block, file }] of Object.entries(
      blocks.resource[type] ?? {},
    )) {
      clusters.push({ address: `${type}.${name}`, file, block, kind });
    }
  }
  return clusters.sort((a, b) => (a.address < b.address ? -1 : 1));
}

/**
 * Reads the Kubernetes clusters a repository's Terraform root module
 * declares and the regions they are created in.
 */
export function terraformFacts(blocks: Blocks): TerraformFacts {
  const clusters: TerraformCluster[] = clusterBlocks(blocks).map(
    ({ address, file, block, kind }) => {
      switch (kind) {
        case 'eks':
          return { address, file, ...awsRegion(blocks, block.provider) };
        case 'eks-module':
          return {
            address,
            file,
            ...awsRegion(blocks, (block.providers as Block | undefined)?.aws),
          };
        case 'gke':
          // A zonal cluster's location is a zone; its region is the zone's.
          return {
            address,
            file,
            ...located(blocks, block.location, l => GCP_ZONE.exec(l)?.[1] ?? l),
          };
        default:
          // Azure takes "East US" and "eastus" alike.
          return {
            address,
            file,
            ...located(blocks, block.location, l =>
              l.replace(/\s+/g, '').toLowerCase(),
            ),
          };
      }
    },
  );
  const regions = [
    ...new Set(clusters.flatMap(c => (c.region ? [c.region] : []))),
  ].sort();
  return { clusters, regions, regionCount: regions.length };
}
