export type FakeClusterOptions = {
  /** The bearer token it accepts, or a check of the token; any other gets 401. */
  token: string | ((token: string) => boolean);
  /** The objects it serves, as manifests. */
  manifests: object[];
  /** API groups of installed custom resources; lists of others are 404. Default: KEDA and KServe. */
  crdGroups?: string[];
  /** Plurals the service account may not list (403). */
  forbidden?: string[];
  /** Never answer (to test time-outs). */
  hang?: boolean;
  /** Items per page when the client asks for more. */
  pageSize?: number;
  /**
   * Places the pods of every Deployment, StatefulSet and InferenceService
   * on the Nodes served, as kube-scheduler would (scripts/lib/scheduler.mjs).
   */
  schedule?: boolean;
};

export type FakeApiServer = {
  url: string;
  /** The server's CA certificate, base64 PEM, for a cluster's `caData`. */
  caData: string;
  /** Paths requested, in order. */
  requests: string[];
  /** Serves more objects from now on, as if they had been applied. */
  add(manifests: object[]): void;
  /** The stored objects of a kind (scheduled Pods included). */
  objects(kind: string): any[];
  close(): Promise<void>;
};

export function startFakeApiServer(
  options: FakeClusterOptions,
): Promise<FakeApiServer>;
