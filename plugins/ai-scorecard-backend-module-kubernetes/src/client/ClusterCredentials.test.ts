import { createHash, createHmac } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AzureIdentityStrategy } from '@backstage/plugin-kubernetes-backend';
import { FakeApiServer, startFakeApiServer } from '@internal/test-kit';
import { healthyCluster } from '../__testUtils__/fixtures';
import { ClusterConfig } from '../config';
import { ClusterCredentials } from './ClusterCredentials';
import { ClusterSnapshots } from './ClusterSnapshots';

// No cloud can be reached here. The clusters are the loopback API server of
// the other tests, which checks each bearer token the way the cloud's
// authenticator would before it answers: an EKS token must be a SigV4
// presigned STS GetCallerIdentity URL for the cluster, signed with the
// caller's secret key (verified below with node:crypto, independently of the
// AWS SDK that signed it).

const AWS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

const servers: FakeApiServer[] = [];
const saved = { ...process.env };
afterEach(async () => {
  process.env = { ...saved };
  await Promise.all(servers.splice(0).map(s => s.close()));
});

const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** What the EKS authenticator checks: a presigned GetCallerIdentity for this cluster, signed with this key. */
function isEksToken(token: string, clusterId: string): boolean {
  if (!token.startsWith('k8s-aws-v1.')) return false;
  const url = new URL(
    Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString(),
  );
  const q = url.searchParams;
  const [keyId, date, region, service] = (
    q.get('X-Amz-Credential') ?? ''
  ).split('/');
  if (
    url.host !== `sts.${region}.amazonaws.com` ||
    q.get('Action') !== 'GetCallerIdentity' ||
    keyId !== AWS.accessKeyId ||
    service !== 'sts' ||
    !(q.get('X-Amz-SignedHeaders') ?? '').split(';').includes('x-k8s-aws-id')
  ) {
    return false;
  }
  const canonicalQuery = [...q.entries()]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .sort()
    .join('&');
  const canonicalRequest = [
    'GET',
    '/',
    canonicalQuery,
    `host:${url.host}\nx-k8s-aws-id:${clusterId}\n`,
    q.get('X-Amz-SignedHeaders'),
    createHash('sha256').update('').digest('hex'),
  ].join('\n');
  const scope = `${date}/${region}/sts/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    q.get('X-Amz-Date'),
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${AWS.secretAccessKey}`, date), region), 'sts'),
    'aws4_request',
  );
  return hmac(key, stringToSign).toString('hex') === q.get('X-Amz-Signature');
}

async function cluster(
  accepts: (token: string) => boolean,
  settings: Partial<ClusterConfig>,
): Promise<ClusterConfig> {
  const server = await startFakeApiServer({
    token: accepts,
    manifests: healthyCluster(),
  });
  servers.push(server);
  return {
    name: 'prod',
    url: server.url,
    authProvider: 'serviceAccount',
    authMetadata: {},
    skipTLSVerify: false,
    demo: false,
    caData: server.caData,
    ...settings,
  };
}

async function read(c: ClusterConfig, credentials: ClusterCredentials) {
  const snapshots = new ClusterSnapshots(
    { clusters: [c], clustersFrom: 'test', timeoutMs: 2000, cacheTtlMs: 0 },
    mockServices.logger.mock(),
    credentials,
  );
  const [snapshot] = await snapshots.read();
  return 'objects' in snapshot
    ? { deployments: snapshot.objects.deployments.length }
    : { unreadable: snapshot.unreadable };
}

describe('ClusterCredentials', () => {
  const fromConfig = (data = {}) =>
    ClusterCredentials.fromConfig(
      new ConfigReader(data),
      mockServices.logger.mock(),
    );

  it("reads an EKS cluster with the back end's AWS credentials, through the Kubernetes plugin's AWS IAM strategy", async () => {
    process.env.AWS_ACCESS_KEY_ID = AWS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = AWS.secretAccessKey;
    delete process.env.AWS_SESSION_TOKEN;
    const eks = await cluster(token => isEksToken(token, 'prod-eks'), {
      authProvider: 'aws',
      authMetadata: { 'kubernetes.io/x-k8s-aws-id': 'prod-eks' },
    });
    expect(await read(eks, fromConfig())).toEqual({ deployments: 1 });

    // A token for another cluster, or signed with another key, is refused.
    const other = await cluster(token => isEksToken(token, 'prod-eks'), {
      authProvider: 'aws',
      authMetadata: { 'kubernetes.io/x-k8s-aws-id': 'staging-eks' },
    });
    expect(await read(other, fromConfig())).toEqual({
      unreadable: expect.stringContaining('401 Unauthorized'),
    });
    process.env.AWS_SECRET_ACCESS_KEY = 'not-the-key';
    expect(await read(eks, fromConfig())).toEqual({
      unreadable: expect.stringContaining('401 Unauthorized'),
    });
  });

  it("reads an AKS cluster with the Kubernetes plugin's Azure identity strategy, which asks for the AKS server's scope", async () => {
    // DefaultAzureCredential cannot reach Microsoft Entra ID here; the
    // strategy gets a token credential that answers as it would.
    const scopes: string[] = [];
    const azure = new AzureIdentityStrategy(mockServices.logger.mock(), {
      getToken: async (scope: string | string[]) => {
        scopes.push(String(scope));
        return {
          token: 'entra-token',
          expiresOnTimestamp: Date.now() + 3_600_000,
        };
      },
    });
    const aks = await cluster(token => token === 'entra-token', {
      authProvider: 'azure',
    });
    expect(
      await read(aks, new ClusterCredentials({ azure: () => azure })),
    ).toEqual({ deployments: 1 });
    // The AKS AAD server application, as `kubelogin` asks for.
    expect(scopes).toEqual(['6dae42f8-4368-4678-94ff-3960e28e3630/.default']);
  });

  it('says why a cluster cannot be read: bad Google credentials, a provider that acts as each user, a service account without a token outside a cluster', async () => {
    const gke = await cluster(() => true, {
      authProvider: 'googleServiceAccount',
    });
    expect(
      await read(
        gke,
        fromConfig({
          kubernetes: { googleServiceAccountCredentials: 'not json' },
        }),
      ),
    ).toEqual({
      unreadable: expect.stringMatching(
        /^cluster prod: no googleServiceAccount credentials: Failed to parse Google Service Account credentials from config/,
      ),
    });
    const oidc = await cluster(() => true, { authProvider: 'oidc' });
    expect(await read(oidc, fromConfig())).toEqual({
      unreadable:
        'cluster prod: authProvider oidc signs in as each user, and the scorecard reads in the background; give it serviceAccount, aws, googleServiceAccount, azure credentials',
    });
  });

  it('reads with a configured service-account token as before', async () => {
    const plain = await cluster(token => token === 'secret', {
      serviceAccountToken: 'secret',
    });
    expect(await read(plain, fromConfig())).toEqual({ deployments: 1 });
  });
});
