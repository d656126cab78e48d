import { readFileSync } from 'node:fs';
import {
  LoggerService,
  resolvePackagePath,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { Fact, Facts } from '@ai-refarch/plugin-ai-scorecard-common';
import { FactCollector, redactUrl } from '@ai-refarch/plugin-ai-scorecard-node';

/** A signer the platform trusts: the certificate's identity and, optionally, its OIDC issuer. */
export type TrustedIdentity = {
  /** An exact identity (e-mail, workflow URI), or a regular expression between slashes. */
  subjectAlternativeName: string;
  issuer?: string;
};

export type SigstoreOptions = {
  /** A Sigstore trusted root (trusted_root.json): CAs, transparency and CT logs, TSAs. */
  trustedRoot: unknown;
  /** Where the trusted root came from, for the evidence. */
  trustedRootName: string;
  /** Signers to accept; empty accepts any identity the trusted root's CA certified (recorded in the evidence). */
  identities: TrustedIdentity[];
  tlogThreshold: number;
  ctlogThreshold: number;
};

const SHIPPED_ROOT = 'sigstore/public-good-trusted-root.json';

/** Reads `aiScorecard.sigstore`, naming the key at fault. */
export function readSigstoreOptions(config: Config): SigstoreOptions {
  const c = config.getOptionalConfig('aiScorecard.sigstore');
  const path = c?.getOptionalString('trustedRoot');
  const file =
    path ??
    resolvePackagePath('@ai-refarch/plugin-ai-scorecard-backend', SHIPPED_ROOT);
  let trustedRoot: unknown;
  try {
    trustedRoot = JSON.parse(readFileSync(file, 'utf8'));
    toTrustMaterial(TrustedRoot.fromJSON(trustedRoot));
  } catch (error) {
    throw new Error(
      `aiScorecard.sigstore.trustedRoot: ${file} is not a Sigstore trusted root: ${
        (error as Error).message
      }`,
    );
  }
  const count = (key: string) => {
    const value = c?.getOptionalNumber(key) ?? 1;
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(
        `aiScorecard.sigstore.${key}: must be a whole number of 0 or more, got ${value}`,
      );
    }
    return value;
  };
  const identities = (c?.getOptionalConfigArray('identities') ?? []).map(
    (i, n) => {
      const subjectAlternativeName = i.getString('subjectAlternativeName');
      if (subjectAlternativeName.startsWith('/')) {
        try {
          toPattern(subjectAlternativeName);
        } catch (error) {
          throw new Error(
            `aiScorecard.sigstore.identities[${n}].subjectAlternativeName: ${
              (error as Error).message
            }`,
          );
        }
      }
      return { subjectAlternativeName, issuer: i.getOptionalString('issuer') };
    },
  );
  return {
    trustedRoot,
    trustedRootName: path ?? 'the Sigstore public-good instance (shipped)',
    identities,
    tlogThreshold: count('tlogThreshold'),
    ctlogThreshold: count('ctlogThreshold'),
  };
}

/** `/pattern/` as an anchored regular expression. */
function toPattern(value: string): RegExp {
  const m = /^\/(.+)\/$/.exec(value);
  if (!m) throw new Error(`${value} is not a /regular expression/`);
  return new RegExp(`^(?:${m[1]})$`);
}

/**
 * `sigstore.artifact`: whether a self-hosted model's weights are signed,
 * verified offline with `@sigstore/verify` against the trusted root: the
 * Sigstore bundle that `spec.artifact.signature` (or `attestation`) points
 * at is read, its signature, certificate chain, transparency-log entry and
 * certificate timestamps are checked, and the signed in-toto statement must
 * name the model's `spec.artifact.digest` as a subject. The signer's
 * identity must be one the platform trusts when it lists any.
 */
export class SignatureFactCollector implements FactCollector {
  readonly id = 'sigstore';
  private readonly verifier: Verifier;

  constructor(
    private readonly options: {
      urlReader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
      logger: LoggerService;
      sigstore: SigstoreOptions;
    },
  ) {
    const { sigstore } = options;
    this.verifier = new Verifier(
      toTrustMaterial(TrustedRoot.fromJSON(sigstore.trustedRoot)),
      {
        tlogThreshold: sigstore.tlogThreshold,
        ctlogThreshold: sigstore.ctlogThreshold,
      },
    );
  }

  async collect(entities: Entity[]): Promise<Map<string, Facts>> {
    const facts = new Map<string, Facts>();
    for (const entity of entities) {
      if (entity.kind !== 'AIModel') continue;
      facts.set(stringifyEntityRef(entity), {
        'sigstore.artifact': await this.read(entity),
      });
    }
    return facts;
  }

  private async read(entity: Entity): Promise<Fact> {
    const observedAt = new Date().toISOString();
    const artifact = ((entity.spec ?? {}) as any).artifact ?? {};
    const field = artifact.signature ? 'signature' : 'attestation';
    const location: unknown = artifact[field];
    const found = (value: object, source = 'sigstore'): Fact => ({
      value,
      source,
      observedAt,
    });
    const unknown = (reason: string, source = 'sigstore'): Fact => ({
      unknown: reason,
      source,
      observedAt,
    });
    if (typeof location !== 'string' || !location) {
      return found({
        verified: false,
        why: 'spec.artifact names no Sigstore bundle (signature or attestation)',
      });
    }
    const url = this.resolve(entity, location);
    if (!url) {
      return unknown(
        `spec.artifact.${field} ${JSON.stringify(
          location,
        )} is not where a Sigstore bundle is: give the bundle's URL, or its path in the entity's repository`,
      );
    }
    const source = `sigstore:${redactUrl(url)}`;
    let json: unknown;
    try {
      const response = await this.options.urlReader.readUrl(url);
      json = JSON.parse((await response.buffer()).toString('utf8'));
    } catch (error) {
      if (error instanceof SyntaxError) {
        return found(
          { verified: false, why: `not a Sigstore bundle: ${error.message}` },
          source,
        );
      }
      this.options.logger.warn(`Could not read ${redactUrl(url)}`, {
        error: String(error),
      });
      return unknown(
        `could not read the Sigstore bundle: ${(error as Error).message}`,
        source,
      );
    }
    const digest = /^sha256:([0-9a-f]{64})$/.exec(artifact.digest ?? '')?.[1];
    if (!digest) {
      return found(
        {
          verified: false,
          why: 'no sha256 spec.artifact.digest to check the signature against',
        },
        source,
      );
    }
    return this.verify(json, digest, source, observedAt);
  }

  private verify(
    json: unknown,
    digest: string,
    source: string,
    observedAt: string,
  ): Fact {
    const result = (value: object): Fact => ({ value, source, observedAt });
    let bundle;
    try {
      bundle = bundleFromJSON(json);
    } catch (error) {
      return result({
        verified: false,
        why: `not a Sigstore bundle: ${(error as Error).message}`,
      });
    }
    if (bundle.content.$case !== 'dsseEnvelope') {
      return {
        unknown:
          "the bundle signs the weights' bytes (a message signature), which cannot be checked without them; sign an in-toto statement over the digest instead (model_signing, or cosign attest-blob)",
        source,
        observedAt,
      };
    }
    const envelope = bundle.content.dsseEnvelope;
    let subjects: string[];
    try {
      const statement = JSON.parse(envelope.payload.toString('utf8'));
      subjects = (statement.subject ?? []).flatMap((s: any) =>
        typeof s?.digest?.sha256 === 'string' ? [s.digest.sha256] : [],
      );
    } catch {
      return result({
        verified: false,
        why: 'the signed payload is not an in-toto statement',
      });
    }
    let signer;
    try {
      signer = this.verifier.verify(toSignedEntity(bundle));
    } catch (error) {
      const e = error as Error & { code?: string };
      return result({
        verified: false,
        why: `the signature does not verify against ${
          this.options.sigstore.trustedRootName
        }: ${e.code ? `${e.code}: ` : ''}${e.message}`,
      });
    }
    const identity = signer.identity?.subjectAlternativeName;
    const issuer = signer.identity?.extensions?.issuer;
    if (!subjects.includes(digest)) {
      return result({
        verified: false,
        identity,
        why: `the signed statement names ${
          subjects.map(s => `sha256:${s}`).join(', ') || 'no sha256 subject'
        }, not spec.artifact.digest sha256:${digest}`,
      });
    }
    const { identities } = this.options.sigstore;
    if (
      identities.length &&
      !identities.some(i => trusts(i, identity, issuer))
    ) {
      return result({
        verified: false,
        identity,
        issuer,
        why: `signed by ${identity ?? 'an unnamed key'}${
          issuer ? ` (${issuer})` : ''
        }, who is not in aiScorecard.sigstore.identities`,
      });
    }
    return result({
      verified: true,
      identity,
      issuer,
      digest: `sha256:${digest}`,
    });
  }

  /** The bundle's URL: as given, or relative to the entity's repository. */
  private resolve(entity: Entity, location: string): string | undefined {
    if (/^https?:\/\//.test(location)) return location;
    if (/^[a-z][a-z0-9+.-]*:/i.test(location)) return undefined;
    const base = entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
    if (!base) return undefined;
    try {
      const { type, target } = parseLocationRef(base);
      if (type !== 'url') return undefined;
      return this.options.integrations.resolveUrl({
        url: location,
        base: target,
      });
    } catch {
      return undefined;
    }
  }
}

function trusts(
  trusted: TrustedIdentity,
  identity: string | undefined,
  issuer: string | undefined,
): boolean {
  if (!identity) return false;
  const san = trusted.subjectAlternativeName;
  const matches = san.startsWith('/')
    ? toPattern(san).test(identity)
    : san === identity;
  return matches && (!trusted.issuer || trusted.issuer === issuer);
}
