import { redactIn, redactUrl } from '@ai-refarch/plugin-ai-scorecard-node';
import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import {
  ceilingMonthlyCost,
  GpuPrice,
} from '@ai-refarch/plugin-ai-model-common';
import {
  ANNOTATION_MONTHLY_BUDGET,
  parseMonthlyBudget,
} from '@ai-refarch/plugin-ai-ops-common';
import { Fact, Facts } from '@ai-refarch/plugin-ai-scorecard-common';
import { FactCollector } from '@ai-refarch/plugin-ai-scorecard-node';
import { KubernetesFacts, kubernetesFacts } from './manifestFacts';
import { alertingFacts, runbookFacts, runbookLocation } from './runbookFacts';
import {
  Blocks,
  CLUSTER_KINDS,
  readTerraform,
  TERRAFORM_FILES,
  terraformFacts,
} from './terraformFacts';
import { capacityFacts } from './capacityFacts';
import { GUARD_FILES, guardFacts } from './guardFacts';
import { KUBERNETES_ANNOTATION } from '@backstage/plugin-kubernetes-common';

const WANTED =
  /^(kubernetes\/.+\.ya?ml|config\/rag\.yaml|docs\/runbook\.md|eval\/.+)$/;

const CONCURRENCY = 4;

/** The repository's Terraform root module, or why it cannot be read. */
type Terraform = { source: string } & (
  | { blocks: Blocks }
  | { unknown: string }
);

/**
 * Facts from the files in an entity's source repository, read with
 * Backstage's UrlReaderService from `backstage.io/source-location`:
 * `repo.files` (which of the files the rules look for exist),
 * `repo.kubernetes` (what the Kubernetes manifests declare),
 * `repo.alerting` (the alerts of its PrometheusRules), `repo.runbook`
 * (whether the linked runbook is in the repository and has a section for
 * each alert), `repo.ceilingCost` (the autoscaling maximum's monthly cost
 * against the budget), `repo.ragConfig` (the RAG configuration),
 * `repo.guard` (the prompt-injection guard's configuration and corpus) and
 * `repo.terraform` (the Kubernetes clusters its Terraform declares, with
 * their regions). Components are read, and Resources of type
 * kubernetes-cluster, which also get `repo.capacity` (each cluster's GPU
 * ceiling and spot share from its node pools and Karpenter NodePools,
 * against the Resource's declared envelope). A repository that cannot be read leaves its facts
 * unknown, with the reason.
 */
export class RepoFactCollector implements FactCollector {
  readonly id = 'repo';

  constructor(
    private readonly options: {
      urlReader: UrlReaderService;
      logger: LoggerService;
      /** aiRefarch.gpuPrices, to price the autoscaling ceiling. */
      gpuPrices?: Record<string, GpuPrice>;
    },
  ) {}

  /**
   * `repo.ceilingCost`: what the model servers cost a month at their
   * autoscaling maximum, against the monthly budget. Split spot/on-demand
   * pods are priced on demand (the split is a preference), pods pinned to
   * spot at the spot price, as the LLM serving golden path checks it.
   */
  private ceilingFact(
    entity: Entity,
    k: KubernetesFacts,
    source: string,
    observedAt: string,
  ): Fact {
    const unknown = (reason: string): Fact => ({
      unknown: reason,
      source,
      observedAt,
    });
    const annotation = entity.metadata.annotations?.[ANNOTATION_MONTHLY_BUDGET];
    if (annotation === undefined) {
      return unknown(`no ${ANNOTATION_MONTHLY_BUDGET} annotation`);
    }
    let budget;
    try {
      budget = parseMonthlyBudget(annotation);
    } catch (error) {
      return unknown((error as Error).message);
    }
    if (!k.ceiling) {
      return unknown(
        'a GPU workload in kubernetes/ does not pin its GPU type (nodeSelector ai-refarch.io/gpu-type)',
      );
    }
    if (k.ceiling.length === 0) {
      return unknown('no workload in kubernetes/ requests GPUs');
    }
    const prices = this.options.gpuPrices ?? {};
    const { cost, unpriced } = ceilingMonthlyCost(k.ceiling, prices);
    if (unpriced.length) {
      return unknown(
        `aiRefarch.gpuPrices has no price for ${unpriced.join(', ')}`,
      );
    }
    return {
      value: {
        ceilingMonthly: Math.round(cost * 100) / 100,
        budget: budget.amount,
        withinBudget: cost <= budget.amount,
        ceiling: k.ceiling,
      },
      source,
      observedAt,
    };
  }

  async collect(entities: Entity[]): Promise<Map<string, Facts>> {
    const facts = new Map<string, Facts>();
    const queue = entities.filter(
      e =>
        e.kind === 'Component' ||
        (e.kind === 'Resource' && e.spec?.type === 'kubernetes-cluster'),
    );
    const work = async () => {
      for (let entity = queue.shift(); entity; entity = queue.shift()) {
        facts.set(stringifyEntityRef(entity), await this.read(entity));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, work));
    return facts;
  }

  private async read(entity: Entity): Promise<Facts> {
    const observedAt = new Date().toISOString();
    const annotation =
      entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
    const isCluster = entity.kind === 'Resource';
    const unknown = (reason: string, source = 'repo'): Facts => ({
      ...(isCluster && {
        'repo.capacity': { unknown: reason, source, observedAt },
      }),
      'repo.files': { unknown: reason, source, observedAt },
      'repo.kubernetes': { unknown: reason, source, observedAt },
      'repo.ragConfig': { unknown: reason, source, observedAt },
      'repo.guard': { unknown: reason, source, observedAt },
      'repo.alerting': { unknown: reason, source, observedAt },
      'repo.runbook': { unknown: reason, source, observedAt },
      'repo.ceilingCost': { unknown: reason, source, observedAt },
      'repo.terraform': { unknown: reason, source, observedAt },
    });
    if (!annotation) {
      return unknown(`no ${ANNOTATION_SOURCE_LOCATION} annotation`);
    }
    let target: string;
    try {
      const location = parseLocationRef(annotation);
      if (location.type !== 'url') {
        return unknown(
          `${ANNOTATION_SOURCE_LOCATION} is a ${location.type} location, which cannot be read as a repository`,
        );
      }
      target = location.target;
    } catch (error) {
      return unknown(
        `${ANNOTATION_SOURCE_LOCATION}: ${(error as Error).message}`,
      );
    }
    // The URL may carry a token (x-access-token:…@, ?private_token=): it is
    // stored as the facts' source and logged only without it.
    const source = `repo:${redactUrl(target)}`;
    const runbook = runbookLocation(entity);
    const runbookPath = runbook && 'path' in runbook ? runbook.path : undefined;
    let files: { path: string; text: string }[];
    try {
      const tree = await this.options.urlReader.readTree(target, {
        filter: path =>
          WANTED.test(path) ||
          GUARD_FILES.test(path) ||
          TERRAFORM_FILES.test(path) ||
          path === runbookPath,
      });
      files = await Promise.all(
        (
          await tree.files()
        ).map(async f => ({
          path: f.path,
          text: (await f.content()).toString('utf8'),
        })),
      );
    } catch (error) {
      this.options.logger.warn(`Could not read ${redactUrl(target)}`, {
        error: redactIn(String(error), target),
      });
      return unknown(
        `could not read the repository: ${redactIn(
          (error as Error).message,
          target,
        )}`,
        source,
      );
    }
    const manifestFiles = files
      .filter(f => f.path.startsWith('kubernetes/'))
      .flatMap(f =>
        parseAllDocuments(f.text).map(d => ({
          file: f.path,
          manifest: d.toJS(),
        })),
      )
      .filter(m => m.manifest && typeof m.manifest === 'object');
    const manifests = manifestFiles.map(m => m.manifest);
    const ragFile = files.find(f => f.path === 'config/rag.yaml');
    let ragConfig: Facts[string];
    if (!ragFile) {
      ragConfig = { value: null, source, observedAt };
    } else {
      try {
        ragConfig = {
          value: parseYaml(ragFile.text),
          source: `${source}#config/rag.yaml`,
          observedAt,
        };
      } catch (error) {
        ragConfig = {
          unknown: `config/rag.yaml does not parse: ${
            (error as Error).message
          }`,
          source,
          observedAt,
        };
      }
    }
    const alerting = alertingFacts(manifests);
    let runbookFact: Facts[string];
    if (!runbook) {
      runbookFact = {
        value: { path: null, exists: false, sections: [], missingSections: [] },
        source,
        observedAt,
      };
    } else if ('url' in runbook) {
      runbookFact = {
        unknown: `the runbook is at ${redactUrl(
          runbook.url,
        )}, outside the repository, so its sections are not read; keep it in the repository (e.g. docs/runbook.md)`,
        source,
        observedAt,
      };
    } else {
      runbookFact = {
        value: runbookFacts(
          runbook.path,
          files.find(f => f.path === runbook.path)?.text,
          alerting,
        ),
        source: `${source}#${runbook.path}`,
        observedAt,
      };
    }
    const terraform = await this.terraform(files, source);
    const guard = guardFacts(entity, files, manifests);
    const kubernetes = kubernetesFacts(
      manifests,
      entity.metadata.labels,
      entity.metadata.annotations?.[KUBERNETES_ANNOTATION],
    );
    return {
      'repo.alerting': {
        value: alerting,
        source: `${source}#kubernetes/`,
        observedAt,
      },
      'repo.runbook': runbookFact,
      'repo.files': {
        value: Object.fromEntries(files.map(f => [f.path, true])),
        source,
        observedAt,
      },
      'repo.kubernetes': {
        value: kubernetes,
        source: `${source}#kubernetes/`,
        observedAt,
      },
      'repo.ceilingCost': this.ceilingFact(
        entity,
        kubernetes,
        `${source}#kubernetes/`,
        observedAt,
      ),
      'repo.ragConfig': ragConfig,
      'repo.guard': {
        value: guard,
        // A model server's guard is also read from its manifests.
        source: `${source}#config/guard.yaml${
          guard.servingPath ? ',kubernetes/' : ''
        }`,
        observedAt,
      },
      'repo.terraform': this.terraformFact(terraform, observedAt),
      ...(isCluster && {
        'repo.capacity': this.capacityFact(
          entity,
          terraform,
          manifestFiles,
          observedAt,
        ),
      }),
    };
  }

  /** The repository's Terraform root module, parsed once for both facts. */
  private async terraform(
    files: { path: string; text: string }[],
    source: string,
  ): Promise<Terraform> {
    const tf = files.filter(f => TERRAFORM_FILES.test(f.path));
    if (!tf.some(f => f.path.endsWith('.tf'))) {
      return {
        unknown:
          'the repository has no Terraform (*.tf in its root or terraform/) that declares its clusters',
        source,
      };
    }
    try {
      return {
        blocks: await readTerraform(tf),
        source: `${source}#${
          tf[0].path.startsWith('terraform/') ? 'terraform/' : '*.tf'
        }`,
      };
    } catch (error) {
      return { unknown: (error as Error).message, source };
    }
  }

  /** `repo.capacity`: each cluster's GPU ceiling and spot share. */
  private capacityFact(
    entity: Entity,
    terraform: Terraform,
    manifests: { file: string; manifest: Record<string, any> }[],
    observedAt: string,
  ): Fact {
    const { source } = terraform;
    if ('unknown' in terraform) {
      return { unknown: terraform.unknown, source, observedAt };
    }
    const read = capacityFacts(
      terraform.blocks,
      manifests,
      entity.metadata.annotations,
    );
    return 'unknown' in read
      ? { unknown: read.unknown, source, observedAt }
      : { value: read.value, source, observedAt };
  }

  /** `repo.terraform`: the clusters the Terraform declares and their regions. */
  private terraformFact(terraform: Terraform, observedAt: string): Fact {
    const { source } = terraform;
    const unknown = (reason: string): Fact => ({
      unknown: reason,
      source,
      observedAt,
    });
    if ('unknown' in terraform) return unknown(terraform.unknown);
    const value = terraformFacts(terraform.blocks);
    if (value.clusters.length === 0) {
      return unknown(
        `the repository's Terraform declares no Kubernetes cluster (${CLUSTER_KINDS})`,
      );
    }
    const unresolved = value.clusters.filter(c => !c.region);
    if (unresolved.length && value.regionCount < 2) {
      return unknown(
        `the region of ${unresolved
          .map(c => `${c.address} (${c.file}): ${c.why}`)
          .join('; ')} cannot be read from the Terraform`,
      );
    }
    return { value, source, observedAt };
  }
}
