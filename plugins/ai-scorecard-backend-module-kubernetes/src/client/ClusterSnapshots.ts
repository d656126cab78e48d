import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceAccountStrategy } from '@backstage/plugin-kubernetes-backend';
import { ClusterConfig, KubernetesEvidenceConfig } from '../config';
import { ClusterCredentials } from './ClusterCredentials';
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
  private current?: { at: number; read: Promise<ClusterSnapshot[]> };

  constructor(
    private readonly config: KubernetesEvidenceConfig,
    private readonly logger: LoggerService,
    /** Tokens by the Kubernetes plugin's auth strategies; by default only configured service-account tokens. */
    private readonly credentials: ClusterCredentials = new ClusterCredentials({
      serviceAccount: () => new ServiceAccountStrategy(),
    }),
    private readonly now: () => number = Date.now,
  ) {}

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
    return Promise.all(
      this.config.clusters.map(cluster => this.readOne(cluster)),
    );
  }

  private async readOne(cluster: ClusterConfig): Promise<ClusterSnapshot> {
    const { name } = cluster;
    const readAt = new Date(this.now()).toISOString();
    try {
      // A token per read: cloud tokens expire (AWS's in 15 minutes).
      const token = await this.credentials.tokenFor(cluster);
      const client = new KubernetesObjectsClient(
        cluster,
        this.config.timeoutMs,
        token,
      );
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
