import { parseAllDocuments } from 'yaml';
import { HOSTILE_VALUES } from '@internal/test-kit';
import { pinModel } from './pinModel';

const DIGEST_3 = `sha256:${'c'.repeat(64)}`;
const DIGEST_2 = `sha256:${'b'.repeat(64)}`;

// As the LLM serving golden path writes them (skeleton/deployment), trimmed.
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: "support-chat"
  labels: &labels
    app.kubernetes.io/name: "support-chat"
    ai-refarch.io/model: "support-llm"
spec:
  replicas: 2
  template:
    metadata:
      labels: *labels
      # The model version and weights these pods run.
      annotations:
        ai-refarch.io/model-version: "3"
        ai-refarch.io/model-digest: "${DIGEST_3}"
    spec:
      initContainers:
        - name: fetch-weights
          image: "kserve/storage-initializer:v0.14.1"
          args: ["s3://models/support-llm/3/", "/models/support-llm"]
      containers:
        - name: server
          image: "vllm/vllm-openai:v0.8.5"
---
apiVersion: v1
kind: Service
metadata:
  name: "support-chat"
  labels:
    ai-refarch.io/model: "support-llm"
spec:
  ports:
    - name: http
      port: 80
`;

// skeleton/kserve: the predictor's annotations and STORAGE_URI.
const inferenceService = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: "support-chat"
  labels:
    ai-refarch.io/model: "support-llm"
spec:
  predictor:
    annotations:
      ai-refarch.io/model-version: "3"
    containers:
      - name: kserve-container
        env:
          # KServe's storage initializer fetches the weights into /mnt/models.
          - name: STORAGE_URI
            value: "s3://models/support-llm/3/"
          - name: SERVED_MODEL
            value: "support-llm"
`;

const pin = {
  model: 'support-llm',
  version: '2',
  uri: 's3://models/support-llm/2/',
  digest: DIGEST_2,
};

const docs = (text: string) => parseAllDocuments(text).map(d => d.toJS());

describe('pinModel', () => {
  it("pins a Deployment's pods and init container to the version, keeping the rest as it was", () => {
    const result = pinModel(
      [
        { path: 'kubernetes/deployment.yaml', text: deployment },
        { path: 'kubernetes/pdb.yaml', text: 'kind: PodDisruptionBudget\n' },
      ],
      pin,
    );
    expect(result.workloads).toEqual([
      {
        file: 'kubernetes/deployment.yaml',
        workload: 'Deployment/support-chat',
        previousVersion: '3',
      },
    ]);
    // Only the file that changed.
    expect(result.files.map(f => f.path)).toEqual([
      'kubernetes/deployment.yaml',
    ]);
    const [d, service] = docs(result.files[0].text);
    expect(d.spec.template.metadata.annotations).toEqual({
      'ai-refarch.io/model-version': '2',
      'ai-refarch.io/model-digest': DIGEST_2,
    });
    expect(d.spec.template.spec.initContainers[0].args).toEqual([
      's3://models/support-llm/2/',
      '/models/support-llm',
    ]);
    expect(service).toEqual(docs(deployment)[1]);
    // Comments, anchors and the flow sequence stay.
    expect(result.files[0].text).toContain(
      '# The model version and weights these pods run.',
    );
    expect(result.files[0].text).toContain('labels: *labels');
    expect(result.files[0].text).toContain(
      'args: [ "s3://models/support-llm/2/", "/models/support-llm" ]',
    );
  });

  it("pins a KServe predictor's annotations and STORAGE_URI, adding the digest it lacked", () => {
    const result = pinModel(
      [{ path: 'kubernetes/inferenceservice.yaml', text: inferenceService }],
      pin,
    );
    const [isvc] = docs(result.files[0].text);
    expect(isvc.spec.predictor.annotations).toEqual({
      'ai-refarch.io/model-version': '2',
      'ai-refarch.io/model-digest': DIGEST_2,
    });
    expect(isvc.spec.predictor.containers[0].env).toEqual([
      { name: 'STORAGE_URI', value: 's3://models/support-llm/2/' },
      { name: 'SERVED_MODEL', value: 'support-llm' },
    ]);
  });

  it.each([
    ...HOSTILE_VALUES.filter(
      (h): h is { name: string; value: string } =>
        typeof h.value === 'string' && h.value.trim() !== '',
    ).map(h => [h.name, h.value] as const),
    // Strings YAML 1.1 and 1.2 readers would take for numbers and booleans.
    ['a number', '1e3'],
    ['a boolean', 'yes'],
    ['a date', '2026-12-07'],
  ] as [string, string][])(
    'writes a version that is %s as exactly that string',
    (_name, version) => {
      const result = pinModel(
        [{ path: 'kubernetes/deployment.yaml', text: deployment }],
        { ...pin, version },
      );
      const [d] = docs(result.files[0].text);
      expect(
        d.spec.template.metadata.annotations['ai-refarch.io/model-version'],
      ).toBe(version);
      // Read as YAML 1.1 reads it, as Kubernetes does, too.
      const [old] = parseAllDocuments(result.files[0].text, {
        version: '1.1',
      }).map(x => x.toJS());
      expect(
        old.spec.template.metadata.annotations['ai-refarch.io/model-version'],
      ).toBe(version);
    },
  );

  it('refuses manifests where nothing serves the model, naming the label and files', () => {
    expect(() =>
      pinModel([{ path: 'kubernetes/deployment.yaml', text: deployment }], {
        ...pin,
        model: 'other-model',
      }),
    ).toThrow(
      'no Deployment, StatefulSet or InferenceService in kubernetes/deployment.yaml is labelled ai-refarch.io/model=other-model, so nothing serves the model',
    );
  });

  it('refuses to half-pin a workload whose weights URI is elsewhere', () => {
    const elsewhere = deployment.replace(
      'name: fetch-weights',
      'name: download',
    );
    expect(() =>
      pinModel([{ path: 'kubernetes/deployment.yaml', text: elsewhere }], pin),
    ).toThrow(
      "kubernetes/deployment.yaml Deployment/support-chat: the weights' URI is not where the LLM serving golden path writes it (the fetch-weights init container's first argument), so the rollback cannot pin s3://models/support-llm/2/; change it by hand",
    );
  });

  it('names a file that is not YAML', () => {
    expect(() =>
      pinModel(
        [{ path: 'kubernetes/broken.yaml', text: 'kind: [Deployment' }],
        pin,
      ),
    ).toThrow(/^kubernetes\/broken.yaml: not valid YAML/);
  });
});
