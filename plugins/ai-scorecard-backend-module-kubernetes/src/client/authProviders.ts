/**
 * The auth providers of Backstage's Kubernetes plugin that work without a
 * signed-in user, which is how the scorecard reads: in the background.
 */
export const BACKGROUND_AUTH_PROVIDERS = [
  'serviceAccount',
  'aws',
  'googleServiceAccount',
  'azure',
] as const;

/** Providers that act as each signed-in user; nothing to read with in the background. */
export const USER_AUTH_PROVIDERS = ['google', 'oidc', 'aks'] as const;
