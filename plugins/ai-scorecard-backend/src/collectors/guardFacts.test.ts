import { Entity } from '@backstage/catalog-model';
import { guardFacts } from './guardFacts';

const service = (tags: string[] = []): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'policy-search', tags },
  spec: { type: 'service' },
});

/** config/guard.yaml as ai-refarch:prompt-guard writes it for a RAG service. */
const CONFIG = `service: policy-search
dataClassification: pii
inputScreen:
  enabled: true
  action: block
  maxChars: 8000
  extraPatterns: []
retrievedContent:
  fence: true
  screen: true
outputFilter:
  redactPii: true
corpus:
  minBlockRate: 0.9
`;
const files = (overrides: Record<string, string | undefined> = {}) =>
  Object.entries({
    'config/guard.yaml': CONFIG,
    'guard/corpus/injections.jsonl':
      '{"text":"a"}\n{"text":"b"}\n\n{"text":"c"}\n',
    'guard/corpus/benign.jsonl': '{"text":"q"}\n',
    '.github/workflows/ci.yaml':
      'jobs: { g: { steps: [ { run: python -m guard.check_corpus --config config/guard.yaml } ] } }',
    ...overrides,
  }).flatMap(([path, text]) => (text === undefined ? [] : [{ path, text }]));

describe('guardFacts', () => {
  it('reads the guard as the golden path writes it', () => {
    expect(guardFacts(service(['rag']), files())).toEqual({
      configured: true,
      dataClassification: 'pii',
      inputScreen: true,
      screenAction: 'block',
      retrieval: true,
      fencesRetrievedContent: true,
      screensRetrievedContent: true,
      redactPii: true,
      corpus: { injections: 3, benign: 1 },
      corpusCheckedInCi: true,
      // Not a model server.
      servingPath: null,
    });
  });

  it("reads a model server's manifests for the guard in front of it", () => {
    const server: Entity = {
      ...service(),
      metadata: {
        name: 'vllm-chat',
        annotations: { 'ai-refarch.io/serves-models': 'llama-3-1-8b-instruct' },
      },
    };
    expect(guardFacts(server, files(), []).servingPath).toEqual({
      inFront: false,
      problem: 'kubernetes/ has no Deployment, StatefulSet or InferenceService',
    });
  });

  it('finds the corpus check in GitLab CI too, and nowhere else', () => {
    const gitlab = files({
      '.github/workflows/ci.yaml': undefined,
      '.gitlab-ci.yml': 'guard:\n  script: [python -m guard.check_corpus]\n',
    });
    expect(guardFacts(service(), gitlab).corpusCheckedInCi).toBe(true);
    const none = files({
      '.github/workflows/ci.yaml':
        'jobs: { t: { steps: [ { run: pytest } ] } }',
    });
    expect(guardFacts(service(), none).corpusCheckedInCi).toBe(false);
  });

  it('says there is no guard when config/guard.yaml is missing or unreadable', () => {
    expect(
      guardFacts(service(['rag']), files({ 'config/guard.yaml': undefined })),
    ).toMatchObject({
      configured: false,
      problem: 'the repository has no config/guard.yaml',
      inputScreen: false,
      // A RAG service retrieves documents whatever its configuration says.
      retrieval: true,
      fencesRetrievedContent: false,
    });
    expect(
      guardFacts(service(), files({ 'config/guard.yaml': 'inputScreen: [' })),
    ).toMatchObject({
      configured: false,
      problem: expect.stringMatching(/^config\/guard\.yaml does not parse: /),
    });
    expect(
      guardFacts(service(), files({ 'config/guard.yaml': '- a list' })),
    ).toMatchObject({
      configured: false,
      problem: 'config/guard.yaml is not a mapping',
    });
  });

  it('does not count a screen that only flags, or one that is off', () => {
    const flagging = CONFIG.replace('action: block', 'action: flag');
    expect(
      guardFacts(service(), files({ 'config/guard.yaml': flagging })),
    ).toMatchObject({ inputScreen: false, screenAction: 'flag' });
    const off = CONFIG.replace('enabled: true', 'enabled: false');
    expect(
      guardFacts(service(), files({ 'config/guard.yaml': off })).inputScreen,
    ).toBe(false);
  });

  it('takes a service without retrievedContent as one that retrieves nothing, unless it is tagged rag', () => {
    const plain = CONFIG.replace(/retrievedContent:\n.*\n.*\n/, '');
    expect(
      guardFacts(service(), files({ 'config/guard.yaml': plain })),
    ).toMatchObject({ retrieval: false, fencesRetrievedContent: false });
    expect(
      guardFacts(service(['rag']), files({ 'config/guard.yaml': plain })),
    ).toMatchObject({ retrieval: true, fencesRetrievedContent: false });
    const unfenced = CONFIG.replace('fence: true', 'fence: false');
    expect(
      guardFacts(service(['rag']), files({ 'config/guard.yaml': unfenced })),
    ).toMatchObject({
      fencesRetrievedContent: false,
      screensRetrievedContent: true,
    });
  });
});
