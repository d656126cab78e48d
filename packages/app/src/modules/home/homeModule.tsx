import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## The AI Platform Portal

Everything your team needs to put ML and LLM workloads into production the way
the **AI Infrastructure Reference Architecture** describes it.

- **Create** a service from a golden path: it starts out compliant with the
  architecture and registers itself in the catalog.
- **Catalog**: every service, system and team, and who owns what.
- **Docs** and **APIs** for everything in the catalog.

The eight chapters of the architecture: GPU cluster topology, serving runtime
selection, the MLOps platform, LLM observability, RAG infrastructure, cost
discipline, security and compliance, on-call and incidents.
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting started',
    description: 'What this portal is for and where to start',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});
