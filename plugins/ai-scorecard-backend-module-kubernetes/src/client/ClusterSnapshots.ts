import { LoggerService } from '@backstage/backend-plugin-api';
import { KubernetesEvidenceConfig } from '../config';
import {
  ClusterObjects,
  ClusterReadError,
  KubernetesObjectsClient,
} from './KubernetesObjectsClient';

/** One cluster as read at one moment: its objects, or why it could not be read. */
export type ClusterSnapshot = {
  name: string;
  readAt: string;
} & ({ objects: ClusterObjects } | { unreadable: string });

/**
 * Reads every configured cluster at most once per `cacheTtl`, so that a
 * grading run that pages through thousands of entities lists each cluster
 * once, and concurrent callers share one read. One cluster that fails never
 * holds back or hides the others.
 */
export class ClusterSnapshots {
  private readonly clients: KubernetesObjectsClient[];
  private current?: { at: number; read: Promise<ClusterSnapshot[]> };

  constructor(
    private readonly config: KubernetesEvidenceConfig,
    private readonly logger: LoggerService,
    private readonly now: () => number = Date.now,
  ) {
    this.clients = config.clusters.map(
      c => new KubernetesObjectsClient(c, config.timeoutMs),
    );
  }

  get clusterNames(): string[] {
    return this.config.clusters.map(c => c.name);
  }

  /** Whether a cluster is simulated, so that its evidence is labelled as demo data. */
  isDemo(name: string): boolean {
    return this.config.clusters.some(c => c.name === name && c.demo);
  }

  get clustersFrom(): string {
    return this.config.clustersFrom;
  }

  read(): Promise<ClusterSnapshot[]> {
    const now = this.now();
    if (!this.current || now - this.current.at >= this.config.cacheTtlMs) {
      this.current = { at: now, read: this.readAll() };
    }
    return this.current.read;
  }

  private readAll(): Promise<ClusterSnapshot[]> {
    return Promise.all(this.clients.map(client => this.readOne(client)));
  }

  private async readOne(
    client: KubernetesObjectsClient,
  ): Promise<ClusterSnapshot> {
    const { name, authProvider, serviceAccountToken } = client.cluster;
    const readAt = new Date(this.now()).toISOString();
    if (authProvider !== 'serviceAccount' || !serviceAccountToken) {
      return {
        name,
        readAt,
        unreadable: `cluster ${name}: the scorecard reads in the background and needs a serviceAccountToken (authProvider ${authProvider} signs in as each user)`,
      };
    }
    try {
      return { name, readAt, objects: await client.readAll() };
    } catch (error) {
      const message =
        error instanceof ClusterReadError
          ? error.message
          : `cluster ${name}: ${String(error)}`;
      this.logger.warn(`Could not read Kubernetes cluster ${name}`, {
        error: message,
      });
      return { name, readAt, unreadable: message };
    }
  }
}
