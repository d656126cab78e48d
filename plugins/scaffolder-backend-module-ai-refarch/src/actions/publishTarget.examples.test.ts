import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { platformIntegrations } from '../__testUtils__/integrations';
import { createPublishTargetAction } from './publishTarget';
import { runExample } from './__testUtils__/runExample';

describe('ai-refarch:publish-target examples', () => {
  const action = createPublishTargetAction({
    integrations: ScmIntegrations.fromConfig(
      new ConfigReader({ integrations: platformIntegrations }),
    ),
    localPublish: false,
  });

  it.each([
    ['github.com?owner=acme&repo=chat', 'github'],
    ['gitlab.example.com?owner=ml&repo=chat', 'gitlab'],
  ])(
    'picks the publish step the example branches on for %s',
    async (repoUrl, type) => {
      const out = await runExample(action, 0, { parameters: { repoUrl } });
      expect(out.type).toBe(type);
    },
  );
});
