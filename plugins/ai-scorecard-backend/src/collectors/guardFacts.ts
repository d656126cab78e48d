import { Entity } from '@backstage/catalog-model';
import { parse as parseYaml } from 'yaml';
import { ANNOTATION_SERVES_MODELS } from '@ai-refarch/plugin-ai-model-common';
import { ServingGuard, servingGuard } from './servingGuard';

/** The files `repo.guard` is read from. */
export const GUARD_FILES =
  /^(config\/guard\.yaml|guard\/corpus\/[^/]+\.jsonl|\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.yml)$/;

/**
 * `repo.guard`: the prompt-injection guard as the repository configures it
 * (`config/guard.yaml`, which the golden paths' `ai-refarch:prompt-guard`
 * writes), whether its corpus of known injections is there, and whether CI
 * runs the guard against it. `configured: false` with the `problem` when
 * there is no guard or its configuration would stop it at start-up.
 */
export type GuardFacts = {
  configured: boolean;
  problem?: string;
  dataClassification: string | null;
  /** The input screen is on and refuses what it recognises. */
  inputScreen: boolean;
  screenAction: string | null;
  /** The service puts retrieved documents before a model (tagged rag, or configured so). */
  retrieval: boolean;
  fencesRetrievedContent: boolean;
  screensRetrievedContent: boolean;
  redactPii: boolean;
  corpus: { injections: number; benign: number };
  /** A CI workflow runs `guard.check_corpus`. */
  corpusCheckedInCi: boolean;
  /**
   * For a model server (`ai-refarch.io/serves-models`): whether its
   * manifests in kubernetes/ put the guard in front of it; null otherwise.
   */
  servingPath: ServingGuard | null;
};

const lines = (text: string | undefined) =>
  text ? text.split('\n').filter(l => l.trim()).length : 0;

export function guardFacts(
  entity: Entity,
  files: { path: string; text: string }[],
  manifests: Record<string, any>[] = [],
): GuardFacts {
  const text = (path: string) => files.find(f => f.path === path)?.text;
  const retrievalTag = (entity.metadata.tags ?? []).includes('rag');
  const base: GuardFacts = {
    configured: false,
    dataClassification: null,
    inputScreen: false,
    screenAction: null,
    retrieval: retrievalTag,
    fencesRetrievedContent: false,
    screensRetrievedContent: false,
    redactPii: false,
    corpus: {
      injections: lines(text('guard/corpus/injections.jsonl')),
      benign: lines(text('guard/corpus/benign.jsonl')),
    },
    corpusCheckedInCi: files.some(
      f =>
        (f.path.startsWith('.github/') || f.path === '.gitlab-ci.yml') &&
        /\bguard\.check_corpus\b/.test(f.text),
    ),
    servingPath: entity.metadata.annotations?.[ANNOTATION_SERVES_MODELS]
      ? servingGuard(manifests)
      : null,
  };
  const configText = text('config/guard.yaml');
  if (configText === undefined) {
    return { ...base, problem: 'the repository has no config/guard.yaml' };
  }
  let config: any;
  try {
    config = parseYaml(configText);
  } catch (error) {
    return {
      ...base,
      problem: `config/guard.yaml does not parse: ${(error as Error).message}`,
    };
  }
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    return { ...base, problem: 'config/guard.yaml is not a mapping' };
  }
  const screen = config.inputScreen ?? {};
  const retrieved = config.retrievedContent;
  const action = typeof screen.action === 'string' ? screen.action : 'block';
  return {
    ...base,
    configured: true,
    dataClassification:
      typeof config.dataClassification === 'string'
        ? config.dataClassification
        : null,
    // The guard's own defaults (guard/config.py): on, blocking.
    inputScreen: screen.enabled !== false && action === 'block',
    screenAction: action,
    retrieval: retrievalTag || retrieved !== undefined,
    fencesRetrievedContent:
      retrieved?.fence !== false && retrieved !== undefined,
    screensRetrievedContent:
      retrieved?.screen !== false && retrieved !== undefined,
    redactPii: config.outputFilter?.redactPii === true,
  };
}
