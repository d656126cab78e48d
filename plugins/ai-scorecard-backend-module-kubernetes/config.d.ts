import { HumanDuration } from '@backstage/types';

export interface Config {
  aiScorecard?: {
    /**
     * Live Kubernetes evidence. Without `clusters`, the clusters of
     * `kubernetes.clusterLocatorMethods` entries of type `config` are read.
     */
    kubernetes?: {
      /**
       * Clusters to read, in the shape of Backstage's Kubernetes plugin
       * config. The scorecard reads in the background, so each cluster needs
       * a service-account token (read-only on the resources listed in the
       * README).
       */
      clusters?: Array<{
        /** Shown in evidence and on the review page. */
        name: string;
        /** The API server, e.g. https://10.0.0.1:6443. */
        url: string;
        /**
         * How the scorecard authenticates, with the Kubernetes plugin's own
         * strategies: `serviceAccount` (the token below, or the back end's
         * in-cluster token), `aws` (IAM: the back end's AWS credentials),
         * `googleServiceAccount` (`kubernetes.googleServiceAccountCredentials`
         * or application default credentials) or `azure`
         * (DefaultAzureCredential). `google`, `oidc` and `aks` act as each
         * signed-in user and cannot be used in the background. Default
         * `serviceAccount`.
         */
        authProvider?:
          | 'serviceAccount'
          | 'aws'
          | 'googleServiceAccount'
          | 'azure'
          | 'google'
          | 'oidc'
          | 'aks';
        /**
         * As for the Kubernetes plugin's clusters, e.g.
         * `kubernetes.io/x-k8s-aws-id` (the EKS cluster name, default the
         * cluster's name), `kubernetes.io/aws-assume-role`,
         * `kubernetes.io/aws-external-id`.
         */
        authMetadata?: { [key: string]: string };
        /** @visibility secret */
        serviceAccountToken?: string;
        skipTLSVerify?: boolean;
        /** @visibility secret */
        caData?: string;
        caFile?: string;
        /** Marks a simulated cluster: its evidence and servers are labelled as demo data. */
        demo?: boolean;
      }>;
      /** How long one list request may take before the cluster counts as unreachable. Default 10 seconds. */
      timeout?: HumanDuration | string;
      /** How long one read of every cluster is reused across a grading run. Default 2 minutes. */
      cacheTtl?: HumanDuration | string;
    };
  };
}
