// Validates Kubernetes manifests against the published schemas of the
// `kubernetes-models` packages (Kubernetes itself, KEDA, Karpenter,
// prometheus-operator, Argo Workflows), with unknown fields rejected.
//
// The packages ship precompiled validators that, like the API server's
// OpenAPI schemas, let unknown fields through. To reject them as the API
// server's strict field validation does, each document is validated through
// a Proxy that records which fields the validator reads: a field the schema
// never looks at is not a field of the kind. Maps (labels, resource limits,
// KEDA trigger metadata) are iterated by the validator and so count as read.
//
// KServe publishes no models package: an InferenceService is checked against
// the v1beta1 fields it may carry, and its predictor against the Kubernetes
// PodSpec and Container schemas that KServe embeds.
//
// An ES module, as the kubernetes-models packages are: Jest's CommonJS
// cannot import them, so `validateKubernetesManifests` (kubernetesSchemas.ts)
// runs `main` in a Node process of its own, which reads
// [{ "path", "document" }] and prints [{ "path", "kind", "name", "errors" }].

/** A kind's validator: throws with the schema's errors. */
type Validate = (document: unknown) => void;

/** A compiled JSON schema (ajv), as the packages export them: its last errors on it. */
type SchemaValidator = ((value: unknown) => boolean) & {
  errors?: { instancePath: string; keyword: string; params: unknown }[];
};

type Document = Record<string, any>;

const MODULES: Record<string, string> = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'batch/v1': 'kubernetes-models/batch/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'keda.sh/v1alpha1': '@kubernetes-models/keda/keda.sh/v1alpha1',
  'karpenter.sh/v1': '@kubernetes-models/karpenter/karpenter.sh/v1',
  'karpenter.k8s.aws/v1': '@kubernetes-models/karpenter/karpenter.k8s.aws/v1',
  'monitoring.coreos.com/v1':
    '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
  'argoproj.io/v1alpha1':
    '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1',
};

/** Runs a kubernetes-models validator and reports unknown fields too. */
export function strictValidate(
  validate: Validate,
  document: unknown,
  kind: string,
): string[] {
  const seen = new WeakMap<object, Set<string> | 'all'>();
  const proxies = new WeakMap<object, object>();
  const note = (target: object, key: string | symbol) => {
    let keys = seen.get(target);
    if (keys === 'all') return;
    if (!keys) seen.set(target, (keys = new Set()));
    if (typeof key === 'string') keys.add(key);
  };
  const wrap = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    let proxy = proxies.get(value);
    if (!proxy) {
      proxy = new Proxy(value, {
        get(t, k, r) {
          note(t, k);
          return wrap(Reflect.get(t, k, r));
        },
        has(t, k) {
          note(t, k);
          return Reflect.has(t, k);
        },
        getOwnPropertyDescriptor(t, k) {
          note(t, k);
          return Reflect.getOwnPropertyDescriptor(t, k);
        },
        ownKeys(t) {
          seen.set(t, 'all');
          return Reflect.ownKeys(t);
        },
      });
      proxies.set(value, proxy);
    }
    return proxy;
  };
  const errors: string[] = [];
  try {
    validate(wrap(document));
  } catch (error) {
    errors.push((error as Error).message);
  }
  const walk = (value: unknown, path: string) => {
    if (value === null || typeof value !== 'object') return;
    const keys = seen.get(value);
    if (!keys) return;
    for (const key of Object.keys(value)) {
      if (!Array.isArray(value) && keys !== 'all' && !keys.has(key)) {
        errors.push(`${path}/${key} is not a field of ${kind}`);
      } else {
        walk((value as Record<string, unknown>)[key], `${path}/${key}`);
      }
    }
  };
  walk(document, '');
  return errors;
}

async function modelValidator(
  apiVersion: string,
  kind: string,
): Promise<Validate | undefined> {
  const specifier = MODULES[apiVersion];
  if (!specifier) return undefined;
  const Model = (await import(specifier))[kind];
  if (!Model) return undefined;
  return (doc: unknown) => Model.prototype.validate.call(doc);
}

// KServe v1beta1 InferenceService: the fields a predictor may carry besides
// the embedded PodSpec (ComponentExtensionSpec and PredictorExtensionSpec).
const PREDICTOR_EXTENSION = new Set([
  'minReplicas',
  'maxReplicas',
  'scaleTarget',
  'scaleMetric',
  'scaleMetricType',
  'containerConcurrency',
  'timeout',
  'canaryTrafficPercent',
  'logger',
  'batcher',
  'labels',
  'annotations',
  'deploymentStrategy',
  'autoScaling',
  'model',
]);
const MODEL_EXTENSION = new Set([
  'modelFormat',
  'runtime',
  'storageUri',
  'protocolVersion',
]);

async function validateInferenceService(doc: Document): Promise<string[]> {
  const errors: string[] = [];
  const { validate: podSpec } = await import(
    'kubernetes-models/_schemas/IoK8sApiCoreV1PodSpec'
  );
  const { validate: container } = await import(
    'kubernetes-models/_schemas/IoK8sApiCoreV1Container'
  );
  const { validate: objectMeta } = await import(
    '@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta'
  );
  const run = (fn: SchemaValidator, value: unknown) => {
    if (!fn(value)) {
      throw new Error(
        (fn.errors ?? [])
          .map(
            e =>
              `data${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`,
          )
          .join(', '),
      );
    }
  };
  const only = (value: object | undefined, allowed: string[], path: string) => {
    for (const key of Object.keys(value ?? {})) {
      if (!allowed.includes(key))
        errors.push(`${path}/${key} is not a field of InferenceService`);
    }
  };
  only(doc, ['apiVersion', 'kind', 'metadata', 'spec'], '');
  errors.push(
    ...strictValidate(
      v => run(objectMeta, v),
      doc.metadata ?? {},
      'ObjectMeta',
    ).map(e => `/metadata${e}`),
  );
  only(doc.spec, ['predictor'], '/spec');
  const predictor = doc.spec?.predictor;
  if (!predictor) return [...errors, '/spec/predictor is required'];
  const podFields = {
    containers: [],
    ...Object.fromEntries(
      Object.entries(predictor).filter(([k]) => !PREDICTOR_EXTENSION.has(k)),
    ),
  };
  errors.push(
    ...strictValidate(v => run(podSpec, v), podFields, 'PodSpec').map(
      e => `/spec/predictor${e}`,
    ),
  );
  for (const key of ['minReplicas', 'maxReplicas']) {
    if (
      predictor[key] !== undefined &&
      !(Number.isInteger(predictor[key]) && predictor[key] >= 0)
    ) {
      errors.push(`/spec/predictor/${key} must be a non-negative integer`);
    }
  }
  if (predictor.model) {
    const containerFields = Object.fromEntries(
      Object.entries(predictor.model).filter(([k]) => !MODEL_EXTENSION.has(k)),
    );
    // The model spec embeds a Container whose name KServe sets itself.
    errors.push(
      ...strictValidate(
        v => run(container, v),
        { name: 'kserve-container', ...containerFields },
        'Container',
      ).map(e => `/spec/predictor/model${e}`),
    );
    if (typeof predictor.model.modelFormat?.name !== 'string') {
      errors.push('/spec/predictor/model/modelFormat/name is required');
    }
  } else if (!Array.isArray(predictor.containers)) {
    errors.push('/spec/predictor needs a model or containers');
  }
  return errors;
}

export async function validateManifest(doc: unknown): Promise<string[]> {
  if (!doc || typeof doc !== 'object') return ['not a Kubernetes object'];
  const { apiVersion, kind } = doc as Document;
  if (
    apiVersion === 'serving.kserve.io/v1beta1' &&
    kind === 'InferenceService'
  ) {
    return validateInferenceService(doc as Document);
  }
  const validate = await modelValidator(apiVersion, kind);
  if (!validate) return [`no schema for ${apiVersion} ${kind}`];
  return strictValidate(validate, doc, kind);
}

/** Reads manifests from standard input and prints their problems. */
export async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const results = [];
  for (const { path, document } of JSON.parse(input) as {
    path: string;
    document: Document | null;
  }[]) {
    results.push({
      path,
      kind: document?.kind,
      name: document?.metadata?.name,
      errors: await validateManifest(document),
    });
  }
  process.stdout.write(JSON.stringify(results));
}
