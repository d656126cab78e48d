import { mockServices } from '@backstage/backend-test-utils';
import { EmptyTypesLunrSearchEngine } from './searchLunrEngine';

describe('EmptyTypesLunrSearchEngine', () => {
  async function engine() {
    const lunr = new EmptyTypesLunrSearchEngine({
      logger: mockServices.logger.mock(),
    });
    const indexer = await lunr.getIndexer('software-catalog');
    await new Promise<void>((resolve, reject) => {
      indexer.on('close', resolve);
      indexer.on('error', reject);
      indexer.end({
        title: 'Llama 3.1 8B Instruct',
        text: 'chat model',
        location: '/a',
      });
    });
    return lunr;
  }

  it('answers a type with nothing indexed with no results, where stock Lunr throws', async () => {
    const lunr = await engine();
    await expect(
      lunr.query({ term: 'llama', types: ['techdocs'], pageLimit: 0 }),
    ).resolves.toEqual({ results: [], numberOfResults: 0 });
  });

  it('searches the indexed types of those asked for, and every type when none is', async () => {
    const lunr = await engine();
    for (const types of [['software-catalog', 'techdocs'], undefined]) {
      const { results } = await lunr.query({ term: 'llama', types });
      expect(results.map(r => r.document.title)).toEqual([
        'Llama 3.1 8B Instruct',
      ]);
    }
  });
});
