import { ConfigReader } from '@backstage/config';
import { readKubernetesEvidenceConfig } from './config';

const cluster = {
  name: 'prod-eu',
  url: 'https://10.0.0.1:6443',
  serviceAccountToken: 'token',
  caData: 'Y2E=',
};

describe('readKubernetesEvidenceConfig', () => {
  it('reads its own clusters, with defaults for the rest', () => {
    const config = readKubernetesEvidenceConfig(
      new ConfigReader({
        aiScorecard: {
          kubernetes: { clusters: [cluster], timeout: { seconds: 3 } },
        },
      }),
    );
    expect(config).toEqual({
      clusters: [
        {
          ...cluster,
          authProvider: 'serviceAccount',
          authMetadata: {},
          skipTLSVerify: false,
          caFile: undefined,
          demo: false,
        },
      ],
      clustersFrom: 'aiScorecard.kubernetes.clusters',
      timeoutMs: 3000,
      cacheTtlMs: 120_000,
    });
  });

  it("falls back to the Kubernetes plugin's config cluster locators", () => {
    const config = readKubernetesEvidenceConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'catalog' },
            {
              type: 'config',
              clusters: [{ ...cluster, authProvider: 'google' }],
            },
          ],
        },
      }),
    );
    expect(config.clustersFrom).toBe('kubernetes.clusterLocatorMethods');
    expect(config.clusters.map(c => [c.name, c.authProvider])).toEqual([
      ['prod-eu', 'google'],
    ]);
  });

  it("reads a cloud cluster's auth provider and authMetadata, and names the key of an unknown provider", () => {
    const config = readKubernetesEvidenceConfig(
      new ConfigReader({
        aiScorecard: {
          kubernetes: {
            clusters: [
              {
                name: 'prod-eks',
                url: 'https://ABC.gr7.us-east-1.eks.amazonaws.com',
                authProvider: 'aws',
                authMetadata: {
                  'kubernetes.io/x-k8s-aws-id': 'prod-eks',
                  'kubernetes.io/aws-assume-role':
                    'arn:aws:iam::123456789012:role/backstage',
                },
              },
            ],
          },
        },
      }),
    );
    expect(config.clusters[0]).toMatchObject({
      authProvider: 'aws',
      authMetadata: {
        'kubernetes.io/x-k8s-aws-id': 'prod-eks',
        'kubernetes.io/aws-assume-role':
          'arn:aws:iam::123456789012:role/backstage',
      },
    });
    expect(() =>
      readKubernetesEvidenceConfig(
        new ConfigReader({
          aiScorecard: {
            kubernetes: { clusters: [{ ...cluster, authProvider: 'gke' }] },
          },
        }),
      ),
    ).toThrow(
      'aiScorecard.kubernetes.clusters[0].authProvider: "gke" is none of serviceAccount, aws, googleServiceAccount, azure, google, oidc, aks',
    );
    expect(() =>
      readKubernetesEvidenceConfig(
        new ConfigReader({
          aiScorecard: {
            kubernetes: {
              clusters: [
                {
                  ...cluster,
                  authMetadata: { 'kubernetes.io/x-k8s-aws-id': 42 },
                },
              ],
            },
          },
        }),
      ),
    ).toThrow(
      'aiScorecard.kubernetes.clusters[0].authMetadata["kubernetes.io/x-k8s-aws-id"]: must be a string',
    );
  });

  it('names the key of a bad URL and of a repeated cluster name', () => {
    expect(() =>
      readKubernetesEvidenceConfig(
        new ConfigReader({
          aiScorecard: {
            kubernetes: { clusters: [{ ...cluster, url: 'prod-eu:6443' }] },
          },
        }),
      ),
    ).toThrow(
      'aiScorecard.kubernetes.clusters[0].url: "prod-eu:6443" is not an http(s) URL of a Kubernetes API server',
    );
    expect(() =>
      readKubernetesEvidenceConfig(
        new ConfigReader({
          aiScorecard: { kubernetes: { clusters: [cluster, cluster] } },
        }),
      ),
    ).toThrow(
      'aiScorecard.kubernetes.clusters: the cluster name prod-eu is used twice',
    );
  });
});
