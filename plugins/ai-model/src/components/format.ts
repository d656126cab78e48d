import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { AIModelEntityV1alpha1 } from '@ai-refarch/plugin-ai-model-common';

/** 8030000000 -> "8.03B" */
export function formatParameters(count?: number): string | undefined {
  if (count === undefined) return undefined;
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, unit] of units) {
    if (count >= size) return `${Number((count / size).toPrecision(3))}${unit}`;
  }
  return String(count);
}

/** 131072 -> "128K" tokens */
export function formatContext(tokens?: number): string | undefined {
  if (tokens === undefined) return undefined;
  return tokens >= 1024 && tokens % 1024 === 0
    ? `${tokens / 1024}K`
    : tokens.toLocaleString('en-US');
}

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
