import { InputError } from '@backstage/errors';
import {
  POD_ANNOTATIONS_MODEL,
  LABEL_MODEL,
} from '@ai-refarch/plugin-ai-scorecard-common';
import {
  isMap,
  isSeq,
  parseAllDocuments,
  Document,
  Scalar,
  YAMLMap,
} from 'yaml';

/** The model version a serving workload is pinned to, and its weights. */
export type ModelPin = {
  /** The AIModel's name: the workloads' `ai-refarch.io/model` label. */
  model: string;
  version: string;
  /** Where the weights are, as the storage initializer fetches them. */
  uri: string;
  digest: string;
};

export type ManifestFile = { path: string; text: string };

/** What was pinned, per workload: `kubernetes/deployment.yaml Deployment/chat`. */
export type PinResult = {
  files: ManifestFile[];
  workloads: { file: string; workload: string; previousVersion?: string }[];
};

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'InferenceService']);

const at = (doc: Document, path: (string | number)[]) => doc.getIn(path);

/**
 * A double-quoted string: Kubernetes reads manifests with a YAML 1.1
 * parser, to which plain `yes`, `2026-12-07` or `0x1F` are no strings.
 */
function quoted(value: string): Scalar<string> {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

/** A map at `path`, created when absent; an error naming the path when something else is there. */
function mapAt(doc: Document, path: string[], where: string): YAMLMap {
  const node = doc.getIn(path, true);
  if (node === undefined || node === null) {
    doc.setIn(path, doc.createNode({}));
    return doc.getIn(path, true) as YAMLMap;
  }
  if (!isMap(node)) {
    throw new InputError(`${where}: ${path.join('.')} is not a mapping`);
  }
  return node;
}

/**
 * Pins every Deployment, StatefulSet and KServe InferenceService of the
 * manifests that serves `pin.model` (its `ai-refarch.io/model` label) to a
 * model version: the pods' `ai-refarch.io/model-version` and
 * `ai-refarch.io/model-digest` annotations, and the weights' URI where the
 * LLM serving golden path writes it (the `fetch-weights` init container's
 * first argument; KServe's `STORAGE_URI` or `storageUri`). The YAML is
 * edited in place, comments and layout kept; the values go through the YAML
 * library's own encoder. A workload whose weights URI cannot be found is
 * refused rather than half-pinned.
 */
export function pinModel(files: ManifestFile[], pin: ModelPin): PinResult {
  const result: PinResult = { files: [], workloads: [] };
  for (const file of files) {
    const docs = parseAllDocuments(file.text);
    let changed = false;
    for (const doc of docs) {
      if (doc.errors.length) {
        throw new InputError(
          `${file.path}: not valid YAML (${doc.errors[0].message})`,
        );
      }
      const kind = at(doc, ['kind']);
      if (typeof kind !== 'string' || !WORKLOADS.has(kind)) continue;
      const name = String(at(doc, ['metadata', 'name']) ?? '');
      const where = `${file.path} ${kind}/${name}`;
      const isvc = kind === 'InferenceService';
      const podMeta = isvc
        ? ['spec', 'predictor']
        : ['spec', 'template', 'metadata'];
      const labelled = [
        at(doc, ['metadata', 'labels', LABEL_MODEL]),
        at(doc, [...podMeta, 'labels', LABEL_MODEL]),
      ];
      if (!labelled.includes(pin.model)) continue;

      const annotations = mapAt(doc, [...podMeta, 'annotations'], where);
      const previous = annotations.get(POD_ANNOTATIONS_MODEL.version);
      annotations.set(POD_ANNOTATIONS_MODEL.version, quoted(pin.version));
      annotations.set(POD_ANNOTATIONS_MODEL.digest, quoted(pin.digest));
      if (
        !(isvc ? pinStorageUri(doc, pin.uri) : pinInitContainer(doc, pin.uri))
      ) {
        throw new InputError(
          `${where}: the weights' URI is not where the LLM serving golden path writes it (${
            isvc
              ? "the predictor container's STORAGE_URI, or predictor.model.storageUri"
              : "the fetch-weights init container's first argument"
          }), so the rollback cannot pin ${pin.uri}; change it by hand`,
        );
      }
      result.workloads.push({
        file: file.path,
        workload: `${kind}/${name}`,
        ...(previous !== undefined
          ? { previousVersion: String(previous) }
          : {}),
      });
      changed = true;
    }
    if (changed) {
      result.files.push({
        path: file.path,
        text: docs.map(d => d.toString()).join(''),
      });
    }
  }
  if (!result.workloads.length) {
    throw new InputError(
      `no Deployment, StatefulSet or InferenceService in ${
        files.map(f => f.path).join(', ') || 'the manifests'
      } is labelled ${LABEL_MODEL}=${pin.model}, so nothing serves the model`,
    );
  }
  return result;
}

function pinInitContainer(doc: Document, uri: string): boolean {
  const inits = doc.getIn(['spec', 'template', 'spec', 'initContainers'], true);
  if (!isSeq(inits)) return false;
  for (const c of inits.items) {
    if (!isMap(c) || c.get('name') !== 'fetch-weights') continue;
    const args = c.get('args', true);
    if (!isSeq(args) || !args.items.length) return false;
    args.set(0, quoted(uri));
    return true;
  }
  return false;
}

function pinStorageUri(doc: Document, uri: string): boolean {
  let pinned = false;
  const containers = doc.getIn(['spec', 'predictor', 'containers'], true);
  if (isSeq(containers)) {
    for (const c of containers.items) {
      const env = isMap(c) ? c.get('env', true) : undefined;
      if (!isSeq(env)) continue;
      for (const e of env.items) {
        if (isMap(e) && e.get('name') === 'STORAGE_URI') {
          e.set('value', quoted(uri));
          pinned = true;
        }
      }
    }
  }
  if (doc.hasIn(['spec', 'predictor', 'model', 'storageUri'])) {
    doc.setIn(['spec', 'predictor', 'model', 'storageUri'], quoted(uri));
    pinned = true;
  }
  return pinned;
}
