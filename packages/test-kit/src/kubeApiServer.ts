/*
 * A loopback server that answers the list requests of a Kubernetes API
 * server with the JSON a real one sends (List objects with paging, Status
 * objects for 401 / 403 / 404), because no API server can be installed on
 * the machines these tests run on. It serves the manifests it is given,
 * over HTTPS with its own certificate authority, as an API server does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Labels,
  Manifest,
  Node,
  Pod,
  POD_TEMPLATE_HASH,
  schedule,
} from './scheduler';
import { listenOnLoopback } from './servers/net';

type Resource = {
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  builtIn: boolean;
};

const RESOURCES: Record<string, Resource> = {
  Deployment: {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    namespaced: true,
    builtIn: true,
  },
  StatefulSet: {
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    namespaced: true,
    builtIn: true,
  },
  HorizontalPodAutoscaler: {
    group: 'autoscaling',
    version: 'v2',
    plural: 'horizontalpodautoscalers',
    namespaced: true,
    builtIn: true,
  },
  PodDisruptionBudget: {
    group: 'policy',
    version: 'v1',
    plural: 'poddisruptionbudgets',
    namespaced: true,
    builtIn: true,
  },
  Service: {
    group: '',
    version: 'v1',
    plural: 'services',
    namespaced: true,
    builtIn: true,
  },
  Pod: {
    group: '',
    version: 'v1',
    plural: 'pods',
    namespaced: true,
    builtIn: true,
  },
  Node: {
    group: '',
    version: 'v1',
    plural: 'nodes',
    namespaced: false,
    builtIn: true,
  },
  ScaledObject: {
    group: 'keda.sh',
    version: 'v1alpha1',
    plural: 'scaledobjects',
    namespaced: true,
    builtIn: false,
  },
  InferenceService: {
    group: 'serving.kserve.io',
    version: 'v1beta1',
    plural: 'inferenceservices',
    namespaced: true,
    builtIn: false,
  },
};

let certificate: { key: Buffer; cert: Buffer } | undefined;

/** A self-signed certificate for 127.0.0.1, made once per test process with Debian's openssl. */
function loopbackCertificate() {
  if (!certificate) {
    const dir = mkdtempSync(join(tmpdir(), 'fake-apiserver-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=kube-apiserver',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      certificate = {
        key: readFileSync(join(dir, 'key.pem')),
        cert: readFileSync(join(dir, 'cert.pem')),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return certificate;
}

function status(
  res: ServerResponse,
  code: number,
  reason: string,
  message: string,
  details: object = {},
) {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      details,
      code,
    }),
  );
}

/** Where a list of one resource lives: /api/v1/pods, /apis/apps/v1/deployments. */
function listPath(r: Resource): string {
  return r.group
    ? `/apis/${r.group}/${r.version}/${r.plural}`
    : `/api/${r.version}/${r.plural}`;
}

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
   * on the Nodes served, as kube-scheduler would (./scheduler.ts).
   */
  schedule?: boolean;
};

/** An object as the server stores it: named, and namespaced if its kind is. */
export type StoredObject = Manifest & {
  metadata: { name: string; namespace?: string; labels?: Labels };
};

export type FakeApiServer = {
  url: string;
  /** The server's CA certificate, base64 PEM, for a cluster's `caData`. */
  caData: string;
  /** Paths requested, in order. */
  requests: string[];
  /** Serves more objects from now on, as if applied: an object of the same kind, namespace and name is replaced. */
  add(manifests: object[]): void;
  /** The stored objects of a kind (scheduled Pods included). */
  objects(kind: 'Node'): Node[];
  objects(kind: 'Pod'): Pod[];
  objects(kind: string): StoredObject[];
  close(): Promise<void>;
};

/** Starts the loopback API server; close it when done. */
export async function startFakeApiServer(
  options: FakeClusterOptions,
): Promise<FakeApiServer> {
  const crdGroups = options.crdGroups ?? ['keda.sh', 'serving.kserve.io'];
  const requests: string[] = [];
  let resourceVersion = 4711;
  const withMetadata = (m: Manifest): Manifest => ({
    ...m,
    metadata: {
      namespace: RESOURCES[m.kind ?? '']?.namespaced ? 'default' : undefined,
      uid: `00000000-0000-4000-8000-${String(resourceVersion).padStart(
        12,
        '0',
      )}`,
      resourceVersion: String(resourceVersion++),
      creationTimestamp: '2026-11-20T09:00:00Z',
      ...m.metadata,
    },
  });
  const stored: Manifest[] = [];
  const key = (m: Manifest) =>
    `${m.kind}/${m.metadata?.namespace ?? ''}/${m.metadata?.name}`;
  /**
   * Stores manifests as `kubectl apply` does: an object of the same kind,
   * namespace and name is replaced, and a replaced workload's pods go with
   * it (its rollout); with `schedule`, the pods of the workloads are placed.
   */
  const apply = (manifests: object[]) => {
    const added = (manifests as Manifest[]).map(withMetadata);
    const replaced = new Set(added.map(key));
    // The controllers that own a workload's pods: a StatefulSet itself, a
    // Deployment's ReplicaSet, a KServe predictor's Deployment's ReplicaSet.
    const owners = new Set(
      added.flatMap(({ metadata = {} }) =>
        [
          metadata.name,
          `${metadata.name}-${POD_TEMPLATE_HASH}`,
          `${metadata.name}-predictor-${POD_TEMPLATE_HASH}`,
        ].map(name => `${metadata.namespace ?? ''}/${name}`),
      ),
    );
    for (let i = stored.length - 1; i >= 0; i--) {
      const m = stored[i];
      const refs = (m.metadata?.ownerReferences ?? []) as { name: string }[];
      const ownedByReplaced =
        m.kind === 'Pod' &&
        refs.some(o => owners.has(`${m.metadata?.namespace ?? ''}/${o.name}`));
      if (replaced.has(key(m)) || ownedByReplaced) stored.splice(i, 1);
    }
    stored.push(...added);
    if (options.schedule) {
      stored.push(
        ...schedule(
          added,
          stored.filter(m => m.kind === 'Node') as Node[],
          stored.filter(m => m.kind === 'Pod') as Pod[],
        ).map(withMetadata),
      );
    }
  };
  apply(options.manifests);

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url.pathname);
    if (options.hang) return; // the client's time-out has to end it
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const accepted =
      bearer !== undefined &&
      (typeof options.token === 'function'
        ? options.token(bearer)
        : bearer === options.token);
    if (!accepted) {
      status(res, 401, 'Unauthorized', 'Unauthorized');
      return;
    }
    const entry = Object.entries(RESOURCES).find(
      ([, r]) => listPath(r) === url.pathname,
    );
    if (!entry || (!entry[1].builtIn && !crdGroups.includes(entry[1].group))) {
      status(
        res,
        404,
        'NotFound',
        'the server could not find the requested resource',
      );
      return;
    }
    const [kind, r] = entry;
    if (options.forbidden?.includes(r.plural)) {
      status(
        res,
        403,
        'Forbidden',
        `${r.plural}${
          r.group ? `.${r.group}` : ''
        } is forbidden: User "system:serviceaccount:backstage:ai-scorecard" cannot list resource "${
          r.plural
        }" in API group "${r.group}" at the cluster scope`,
        { group: r.group, kind: r.plural },
      );
      return;
    }
    const all = stored.filter(m => m.kind === kind);
    const limit = Math.min(
      Number(url.searchParams.get('limit') ?? all.length) || all.length,
      options.pageSize ?? Infinity,
    );
    const offset = Number(
      Buffer.from(
        url.searchParams.get('continue') ?? '',
        'base64',
      ).toString() || 0,
    );
    const page = all.slice(offset, offset + limit);
    const next =
      offset + limit < all.length
        ? Buffer.from(String(offset + limit)).toString('base64')
        : undefined;
    const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: `${kind}List`,
        apiVersion,
        metadata: {
          resourceVersion: String(resourceVersion),
          ...(next ? { continue: next } : {}),
        },
        // Built-in lists leave kind and apiVersion off their items; custom resources keep them.
        items: page.map(({ kind: _k, apiVersion: _a, ...rest }) =>
          r.builtIn ? rest : { apiVersion, kind, ...rest },
        ),
      }),
    );
  };

  const tls = loopbackCertificate();
  const server = createServer(tls, handle);
  return {
    url: await listenOnLoopback(server, 'https'),
    caData: tls.cert.toString('base64'),
    requests,
    add: apply,
    /** The stored objects of a kind, as a list of the kind would return them. */
    objects: ((kind: string) =>
      stored.filter(m => m.kind === kind)) as FakeApiServer['objects'],
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
