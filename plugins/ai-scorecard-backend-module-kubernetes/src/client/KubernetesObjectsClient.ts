import {
  ApiException,
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  ConfigurationOptions,
  KubeConfig,
  Observable,
  ObservableMiddleware,
  PolicyV1Api,
  V1Deployment,
  V1Node,
  V1Pod,
  V1PodDisruptionBudget,
  V1Service,
  V1StatefulSet,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { ClusterConfig } from '../config';

/** A custom resource as the API server returns it. */
export type CustomObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any;
  status?: any;
};

/** What the collector reads from one cluster. */
export type ClusterObjects = {
  deployments: V1Deployment[];
  statefulSets: V1StatefulSet[];
  horizontalPodAutoscalers: V2HorizontalPodAutoscaler[];
  podDisruptionBudgets: V1PodDisruptionBudget[];
  services: V1Service[];
  pods: V1Pod[];
  /** Nodes are cluster-scoped; a token that may not list them leaves placement unknown. */
  nodes: V1Node[] | { unreadable: string };
  scaledObjects: CustomObject[];
  inferenceServices: CustomObject[];
  /** Custom resource kinds the cluster does not have (KEDA, KServe). */
  notInstalled: string[];
};

/** A list request that failed, with what to tell the user. */
export class ClusterReadError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'ClusterReadError';
  }
}

const PAGE = 500;

type Page<T> = { items: T[]; next?: string };

/**
 * Reads the resources the scorecard needs from one Kubernetes API server
 * with `@kubernetes/client-node`: every list is paged (500 at a time) and
 * cut off after the configured time-out, and failures become
 * `ClusterReadError`s that say what happened in words.
 */
export class KubernetesObjectsClient {
  private readonly apps: AppsV1Api;
  private readonly core: CoreV1Api;
  private readonly autoscaling: AutoscalingV2Api;
  private readonly policy: PolicyV1Api;
  private readonly custom: CustomObjectsApi;
  private readonly options: ConfigurationOptions<ObservableMiddleware>;

  constructor(
    readonly cluster: ClusterConfig,
    private readonly timeoutMs: number,
    /** The bearer token; none for an anonymous cluster. */
    token: string | undefined = cluster.serviceAccountToken,
  ) {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.url,
          skipTLSVerify: cluster.skipTLSVerify,
          caData: cluster.caData,
          caFile: cluster.caFile,
        },
      ],
      users: [{ name: 'ai-scorecard', token }],
      contexts: [
        { name: cluster.name, cluster: cluster.name, user: 'ai-scorecard' },
      ],
      currentContext: cluster.name,
    });
    this.apps = kc.makeApiClient(AppsV1Api);
    this.core = kc.makeApiClient(CoreV1Api);
    this.autoscaling = kc.makeApiClient(AutoscalingV2Api);
    this.policy = kc.makeApiClient(PolicyV1Api);
    this.custom = kc.makeApiClient(CustomObjectsApi);
    // Every request ends after the time-out, so one silent cluster cannot stall grading.
    this.options = {
      middleware: [
        {
          pre: context => {
            context.setSignal(AbortSignal.timeout(timeoutMs));
            return new Observable(Promise.resolve(context));
          },
          post: context => new Observable(Promise.resolve(context)),
        },
      ],
      middlewareMergeStrategy: 'append',
    };
  }

  /** Everything the collector needs, or a ClusterReadError naming what failed. */
  async readAll(): Promise<ClusterObjects> {
    const o = this.options;
    const notInstalled: string[] = [];
    // A built-in kind's list, page by page.
    const typed = <T>(
      what: string,
      list: (page: {
        limit: number;
        _continue?: string;
      }) => Promise<{ items: T[]; metadata?: { _continue?: string } }>,
    ) =>
      this.pages(what, async next => {
        const res = await list({ limit: PAGE, _continue: next });
        return { items: res.items, next: res.metadata?._continue };
      });
    const customResource = (
      what: string,
      group: string,
      version: string,
      plural: string,
    ) =>
      this.pages<CustomObject>(what, async next => {
        const res = (await this.custom.listClusterCustomObject(
          { group, version, plural, limit: PAGE, _continue: next },
          o,
        )) as { items?: CustomObject[]; metadata?: { continue?: string } };
        return { items: res.items ?? [], next: res.metadata?.continue };
      }).catch(error => {
        // The list of a kind the API server does not know is a 404: not installed.
        if (error instanceof ClusterReadError && error.status === 404) {
          notInstalled.push(what);
          return [] as CustomObject[];
        }
        throw error;
      });

    const [
      deployments,
      statefulSets,
      horizontalPodAutoscalers,
      podDisruptionBudgets,
      services,
      pods,
      nodes,
      scaledObjects,
      inferenceServices,
    ] = await Promise.all([
      typed('deployments', page =>
        this.apps.listDeploymentForAllNamespaces(page, o),
      ),
      typed('statefulsets', page =>
        this.apps.listStatefulSetForAllNamespaces(page, o),
      ),
      typed('horizontalpodautoscalers', page =>
        this.autoscaling.listHorizontalPodAutoscalerForAllNamespaces(page, o),
      ),
      typed('poddisruptionbudgets', page =>
        this.policy.listPodDisruptionBudgetForAllNamespaces(page, o),
      ),
      typed('services', page => this.core.listServiceForAllNamespaces(page, o)),
      typed('pods', page => this.core.listPodForAllNamespaces(page, o)),
      typed('nodes', page => this.core.listNode(page, o)).catch(error => {
        if (error instanceof ClusterReadError && error.status === 403) {
          return { unreadable: error.message };
        }
        throw error;
      }),
      customResource(
        'scaledobjects.keda.sh',
        'keda.sh',
        'v1alpha1',
        'scaledobjects',
      ),
      customResource(
        'inferenceservices.serving.kserve.io',
        'serving.kserve.io',
        'v1beta1',
        'inferenceservices',
      ),
    ]);
    return {
      deployments,
      statefulSets,
      horizontalPodAutoscalers,
      podDisruptionBudgets,
      services,
      pods,
      nodes,
      scaledObjects,
      inferenceServices,
      notInstalled,
    };
  }

  private async pages<T>(
    what: string,
    fetchPage: (next: string | undefined) => Promise<Page<T>>,
  ): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined;
    do {
      let page: Page<T>;
      try {
        page = await fetchPage(next);
      } catch (error) {
        throw this.describe(what, error);
      }
      items.push(...page.items);
      next = page.next || undefined;
    } while (next);
    return items;
  }

  private describe(what: string, error: unknown): ClusterReadError {
    const name = this.cluster.name;
    if (error instanceof ApiException) {
      let detail = '';
      try {
        const status = JSON.parse(String(error.body));
        if (typeof status?.message === 'string') detail = `: ${status.message}`;
      } catch {
        // not a Status object; the code alone says enough
      }
      const words: Record<number, string> = {
        401: 'Unauthorized (check the service-account token)',
        403: 'Forbidden (the service account may not list it)',
        404: 'Not Found',
      };
      return new ClusterReadError(
        `cluster ${name}: ${error.code} ${
          words[error.code] ?? 'error'
        } listing ${what}${detail}`,
        error.code,
      );
    }
    const e = error as Error & { type?: string; code?: string };
    if (e?.name === 'AbortError' || e?.type === 'aborted') {
      return new ClusterReadError(
        `cluster ${name}: no answer listing ${what} within ${
          this.timeoutMs / 1000
        } s (aiScorecard.kubernetes.timeout)`,
      );
    }
    return new ClusterReadError(
      `cluster ${name}: could not list ${what}: ${e?.message ?? String(error)}`,
    );
  }
}
