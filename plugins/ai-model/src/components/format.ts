import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { AIModelEntityV1alpha1 } from '@ai-refarch/plugin-ai-model-common';

export {
  formatContext,
  formatParameters,
} from '@ai-refarch/plugin-ai-model-common';

export const RUNTIME_LABELS: Record<string, string> = {
  vllm: 'vLLM',
  tgi: 'TGI',
  triton: 'Triton',
  kserve: 'KServe',
  'tensorrt-llm': 'TensorRT-LLM',
  ollama: 'Ollama',
  'hosted-api': 'Hosted API',
};

export function runtimeLabel(model: AIModelEntityV1alpha1): string {
  const runtime = model.spec.serving?.runtime;
  return runtime ? RUNTIME_LABELS[runtime] ?? runtime : 'not served';
}

/** Classifications that restrict where a model may run, loudest first. */
export const SENSITIVE_CLASSIFICATIONS = ['phi', 'pci', 'pii', 'confidential'];

export function formatPrice(value: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: 2,
  }).format(value);
}

/**
 * Entity references in a spec may omit the kind and namespace; EntityRefLink
 * needs them, so fill in the defaults the catalog would use.
 */
export function refWithDefaults(
  ref: string,
  defaultKind: string,
  defaultNamespace = 'default',
): CompoundEntityRef {
  return parseEntityRef(ref, { defaultKind, defaultNamespace });
}

/** Metadata table keys are written as sentences; keep them as written. */
export const sentenceCase = {
  titleFormat: (key: string) =>
    key.charAt(0).toLocaleUpperCase('en-US') + key.slice(1),
};
