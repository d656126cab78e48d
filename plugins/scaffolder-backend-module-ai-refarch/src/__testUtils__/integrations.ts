import type { JsonObject } from '@backstage/types';

/**
 * A platform's Git integrations as app-config names them: one host of each
 * kind the golden paths publish to (Azure DevOps and Bitbucket Cloud at
 * their default hosts), and a Gerrit host they do not publish to.
 */
export const platformIntegrations: JsonObject = {
  github: [
    { host: 'ghe.example.com', apiBaseUrl: 'https://ghe.example.com/api/v3' },
  ],
  gitlab: [
    {
      host: 'gitlab.example.com',
      apiBaseUrl: 'https://gitlab.example.com/api/v4',
    },
  ],
  bitbucketServer: [
    {
      host: 'bitbucket.example.com',
      apiBaseUrl: 'https://bitbucket.example.com/rest/api/1.0',
    },
  ],
  azure: [{ host: 'dev.azure.com' }],
  gerrit: [
    {
      host: 'gerrit.example.com',
      gitilesBaseUrl: 'https://gerrit.example.com/gitiles',
    },
  ],
};
