import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { startTestSigstore, TestSigstore } from '@internal/test-kit';
import { gradeOn } from '../__testUtils__/grade';
import {
  readSigstoreOptions,
  SignatureFactCollector,
  SigstoreOptions,
} from './SignatureFactCollector';

const SIGNER = 'ml-platform@acme.example';
const DIGEST = 'a'.repeat(64);

// A private Sigstore instance on loopback (the test kit's): the collector
// verifies its bundles exactly as it verifies the public-good instance's.
let sigstore: TestSigstore;
const sign = (subjectDigest: string, identity = SIGNER) =>
  sigstore.sign(subjectDigest, { name: 'llama-3-1-8b', identity });

beforeAll(async () => {
  sigstore = await startTestSigstore({ identity: SIGNER });
});

afterAll(() => sigstore?.close());

const model = (artifact: object, provider = 'self-hosted'): Entity => ({
  apiVersion: 'ai-refarch.io/v1alpha1',
  kind: 'AIModel',
  metadata: {
    name: 'llama-3-1-8b',
    namespace: 'default',
    annotations: {
      'backstage.io/source-location':
        'url:https://git.acme.example/ml/llama/tree/main/',
    },
  },
  spec: {
    type: 'llm',
    lifecycle: 'production',
    owner: 'group:default/ml',
    provider,
    artifact: {
      uri: 's3://models/llama/',
      digest: `sha256:${DIGEST}`,
      ...artifact,
    },
  },
});

/** A UrlReader over files by URL; anything else is not found. */
const reader = (files: Record<string, string>): UrlReaderService =>
  ({
    readUrl: async (url: string) => {
      if (!(url in files)) throw new Error(`${url} not found`);
      return { buffer: async () => Buffer.from(files[url]) };
    },
  } as unknown as UrlReaderService);

const BUNDLE_URL =
  'https://git.acme.example/ml/llama/tree/main/model.sigstore.json';

async function collect(
  entity: Entity,
  files: Record<string, string>,
  options: Partial<SigstoreOptions> = {},
) {
  const collector = new SignatureFactCollector({
    urlReader: reader(files),
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    logger: mockServices.logger.mock(),
    sigstore: {
      trustedRoot: sigstore.trustedRoot,
      trustedRootName: 'the test Sigstore',
      identities: [],
      tlogThreshold: 1,
      ctlogThreshold: 1,
      ...options,
    },
  });
  const facts = (await collector.collect([entity])).get(
    'aimodel:default/llama-3-1-8b',
  )!;
  const result = gradeOn(entity, facts)('security-compliance.artifact-signed');
  return { fact: facts['sigstore.artifact'] as any, status: result.status };
}

describe('SignatureFactCollector', () => {
  it("passes a bundle in the model's repository that signs its digest, verified offline", async () => {
    const bundle = JSON.stringify(await sign(DIGEST));
    const { fact, status } = await collect(
      model({ signature: 'model.sigstore.json' }),
      { [BUNDLE_URL]: bundle },
    );
    expect(status).toBe('pass');
    expect(fact).toMatchObject({
      value: {
        verified: true,
        identity: SIGNER,
        digest: `sha256:${DIGEST}`,
      },
      source: `sigstore:${BUNDLE_URL}`,
    });
  });

  it('fails a bundle that signs other weights, or was altered, or comes from an untrusted instance or signer', async () => {
    const other = await sign('b'.repeat(64));
    expect(
      await collect(model({ signature: BUNDLE_URL }), {
        [BUNDLE_URL]: JSON.stringify(other),
      }),
    ).toMatchObject({
      status: 'fail',
      fact: {
        value: {
          verified: false,
          why: `the signed statement names sha256:${'b'.repeat(
            64,
          )}, not spec.artifact.digest sha256:${DIGEST}`,
        },
      },
    });

    // The statement rewritten to name this model's digest after signing.
    const altered: any = structuredClone(other);
    const statement = JSON.parse(
      Buffer.from(altered.dsseEnvelope.payload, 'base64').toString(),
    );
    statement.subject[0].digest.sha256 = DIGEST;
    altered.dsseEnvelope.payload = Buffer.from(
      JSON.stringify(statement),
    ).toString('base64');
    const tampered = await collect(model({ signature: BUNDLE_URL }), {
      [BUNDLE_URL]: JSON.stringify(altered),
    });
    expect(tampered.status).toBe('fail');
    expect(tampered.fact.value.why).toMatch(
      /^the signature does not verify against the test Sigstore: /,
    );

    // The same bundle against the public-good trusted root shipped with the plugin.
    const good = await sign(DIGEST);
    const publicGood = readSigstoreOptions(new ConfigReader({}));
    const foreign = await collect(
      model({ signature: BUNDLE_URL }),
      { [BUNDLE_URL]: JSON.stringify(good) },
      publicGood,
    );
    expect(foreign.status).toBe('fail');
    expect(foreign.fact.value.why).toMatch(
      /^the signature does not verify against the Sigstore public-good instance \(shipped\): /,
    );

    const untrusted = await collect(
      model({ signature: BUNDLE_URL }),
      { [BUNDLE_URL]: JSON.stringify(good) },
      {
        identities: [
          { subjectAlternativeName: '/.*@release\\.acme\\.example/' },
        ],
      },
    );
    expect(untrusted).toMatchObject({
      status: 'fail',
      fact: {
        value: {
          verified: false,
          issuer: 'https://oidc.acme.example',
          why: `signed by ${SIGNER} (https://oidc.acme.example), who is not in aiScorecard.sigstore.identities`,
        },
      },
    });
    const trusted = await collect(
      model({ signature: BUNDLE_URL }),
      { [BUNDLE_URL]: JSON.stringify(good) },
      { identities: [{ subjectAlternativeName: '/.*@acme\\.example/' }] },
    );
    expect(trusted.status).toBe('pass');
    const otherIssuer = await collect(
      model({ signature: BUNDLE_URL }),
      { [BUNDLE_URL]: JSON.stringify(good) },
      {
        identities: [
          {
            subjectAlternativeName: SIGNER,
            issuer: 'https://token.actions.githubusercontent.com',
          },
        ],
      },
    );
    expect(otherIssuer.status).toBe('fail');
  });

  it('fails a model with no signature, no digest, or a file that is not a bundle', async () => {
    expect(await collect(model({}), {})).toMatchObject({
      status: 'fail',
      fact: {
        value: {
          why: 'spec.artifact names no Sigstore bundle (signature or attestation)',
        },
      },
    });
    const bundle = JSON.stringify(await sign(DIGEST));
    expect(
      (
        await collect(model({ signature: BUNDLE_URL, digest: undefined }), {
          [BUNDLE_URL]: bundle,
        })
      ).fact.value.why,
    ).toBe('no sha256 spec.artifact.digest to check the signature against');
    expect(
      (
        await collect(model({ signature: BUNDLE_URL }), {
          [BUNDLE_URL]: '{"mediaType": "something else"}',
        })
      ).fact.value.why,
    ).toMatch(/^not a Sigstore bundle: /);
  });

  it('is unknown when the bundle cannot be found or read, and does not apply to hosted models', async () => {
    const reference = await collect(
      model({ signature: 'sigstore://rekor/2f1c9a7e' }),
      {},
    );
    expect(reference).toMatchObject({
      status: 'unknown',
      fact: {
        unknown:
          'spec.artifact.signature "sigstore://rekor/2f1c9a7e" is not where a Sigstore bundle is: give the bundle\'s URL, or its path in the entity\'s repository',
      },
    });
    const missing = await collect(model({ signature: BUNDLE_URL }), {});
    expect(missing.status).toBe('unknown');
    expect(missing.fact.unknown).toBe(
      `could not read the Sigstore bundle: ${BUNDLE_URL} not found`,
    );
    expect((await collect(model({}, 'openai'), {})).status).toBe('pass');
  });
});

describe('readSigstoreOptions', () => {
  it('ships the public-good trusted root and checks the configuration, naming the key', () => {
    expect(readSigstoreOptions(new ConfigReader({}))).toMatchObject({
      trustedRootName: 'the Sigstore public-good instance (shipped)',
      identities: [],
      tlogThreshold: 1,
      ctlogThreshold: 1,
    });
    expect(() =>
      readSigstoreOptions(
        new ConfigReader({
          aiScorecard: { sigstore: { trustedRoot: __filename } },
        }),
      ),
    ).toThrow(
      /^aiScorecard\.sigstore\.trustedRoot: .* is not a Sigstore trusted root: /,
    );
    expect(() =>
      readSigstoreOptions(
        new ConfigReader({ aiScorecard: { sigstore: { tlogThreshold: -1 } } }),
      ),
    ).toThrow(
      'aiScorecard.sigstore.tlogThreshold: must be a whole number of 0 or more, got -1',
    );
    expect(() =>
      readSigstoreOptions(
        new ConfigReader({
          aiScorecard: {
            sigstore: { identities: [{ subjectAlternativeName: '/(/' }] },
          },
        }),
      ),
    ).toThrow(
      /^aiScorecard\.sigstore\.identities\[0\]\.subjectAlternativeName: /,
    );
  });
});
