import { createHash, generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { listenOnLoopback } from './servers/net';
import { bundleToJSON } from '@sigstore/bundle';
import {
  fulcioHandler,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  rekorHandler,
  type HandlerFn,
} from '@sigstore/mock';
import { DSSEBundleBuilder, FulcioSigner, RekorWitness } from '@sigstore/sign';

/*
 * A private Sigstore instance on loopback for tests: @sigstore/mock's Fulcio
 * (a CA that certifies an OIDC identity, with a CT log's timestamp in each
 * certificate) and Rekor (a transparency log that signs its entries), served
 * over HTTP and used by @sigstore/sign as it uses the real services. Its
 * trusted root is in the trusted_root.json format, so the scorecard verifies
 * these bundles as it verifies the public-good instance's, offline.
 */

const ec = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const der = (key: KeyObject) => key.export({ format: 'der', type: 'spki' });
const bytes = (view: ArrayBufferView) =>
  Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');

async function serve(
  path: string,
  fn: HandlerFn,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', async () => {
      if (!req.url?.startsWith(path)) {
        res.writeHead(404).end();
        return;
      }
      const answer = await fn(body);
      res
        .writeHead(answer.statusCode, {
          'content-type': answer.contentType ?? 'text/plain',
        })
        .end(answer.response);
    });
  });
  return { server, url: await listenOnLoopback(server) };
}

/** A running test Sigstore instance. */
export type TestSigstore = {
  /** Its trusted root, in the trusted_root.json format. */
  trustedRoot: object;
  /** The identity it signs as unless told otherwise. */
  identity: string;
  /**
   * A Sigstore bundle (JSON) of an OpenSSF model_signing in-toto statement
   * naming the SHA-256 digest, signed as `identity`.
   */
  sign(
    sha256Hex: string,
    options?: { name?: string; identity?: string },
  ): Promise<object>;
  close(): void;
};

/** Starts a test Sigstore instance on loopback. */
export async function startTestSigstore(
  options: { identity?: string } = {},
): Promise<TestSigstore> {
  const identity = options.identity ?? 'ml-platform@acme.example';
  const ctKeys = ec();
  const caKeys = ec();
  const tlogKeys = ec();
  const ctlog = await initializeCTLog(ctKeys);
  const ca = await initializeCA(caKeys, ctlog);
  const tlog = await initializeTLog('https://rekor.sigstore.test', tlogKeys);
  const fulcio = fulcioHandler(ca);
  const rekor = rekorHandler(tlog);
  const servers = [
    await serve(fulcio.path, fulcio.fn),
    await serve(rekor.path, rekor.fn),
  ];
  const [fulcioUrl, rekorUrl] = servers.map(s => s.url);
  const validFor = { start: '2020-01-01T00:00:00Z' };
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: 'https://rekor.sigstore.test',
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: der(tlogKeys.publicKey).toString('base64'),
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor,
        },
        logId: {
          keyId: createHash('sha256')
            .update(der(tlogKeys.publicKey))
            .digest('base64'),
        },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: fulcioUrl,
        certChain: { certificates: [{ rawBytes: bytes(ca.rootCertificate) }] },
        validFor,
      },
    ],
    ctlogs: [
      {
        baseUrl: 'https://ctfe.sigstore.test',
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: der(ctKeys.publicKey).toString('base64'),
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor,
        },
        logId: { keyId: bytes(ctlog.logID) },
      },
    ],
    timestampAuthorities: [] as object[],
  };
  return {
    trustedRoot,
    identity,
    async sign(sha256Hex, { name = 'model', identity: as = identity } = {}) {
      // An identity token as an OIDC provider issues it; the mock CA
      // certifies its e-mail without checking the token's signature.
      const part = (o: object) =>
        Buffer.from(JSON.stringify(o)).toString('base64');
      const token = `${part({ alg: 'none' })}.${part({
        iss: 'https://oidc.acme.example',
        sub: as,
        email: as,
        email_verified: true,
        aud: 'sigstore',
      })}.`;
      const builder = new DSSEBundleBuilder({
        signer: new FulcioSigner({
          fulcioBaseURL: fulcioUrl,
          identityProvider: { getToken: async () => token },
        }),
        witnesses: [
          new RekorWitness({ rekorBaseURL: rekorUrl, entryType: 'intoto' }),
        ],
      });
      const statement = {
        _type: 'https://in-toto.io/Statement/v1',
        subject: [{ name, digest: { sha256: sha256Hex } }],
        predicateType: 'https://model_signing/signature/v1.0',
        predicate: {},
      };
      return bundleToJSON(
        await builder.create({
          data: Buffer.from(JSON.stringify(statement)),
          type: 'application/vnd.in-toto+json',
        }),
      );
    },
    close: () => servers.forEach(s => s.server.close()),
  };
}
