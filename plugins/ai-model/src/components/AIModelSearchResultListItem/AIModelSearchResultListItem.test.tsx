import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { isAIModelSearchResult } from '../../search';
import { AIModelSearchResultListItem } from './AIModelSearchResultListItem';

/** A document as the suite's search module writes it (its test shows so). */
const document = {
  title: 'Llama 3.1 8B Instruct',
  text: 'General-purpose chat model llm model by meta, version 3.1.',
  location: '/catalog/default/aimodel/llama-3-1-8b-instruct',
  kind: 'AIModel',
  type: 'llm',
  modelType: 'llm',
  provider: 'meta',
  version: '3.1',
  parameters: '8.03B',
  contextWindow: '128K',
  runtime: 'vllm',
  license: 'llama3.1',
  dataClassification: 'pii',
};

/** The chips under the result, as a screen reader lists them. */
const facts = () =>
  within(screen.getByRole('list', { name: 'Model facts' }))
    .getAllByRole('listitem')
    .map(item => item.textContent);

describe('AIModelSearchResultListItem', () => {
  it('shows the model with what a reader chooses a model by', async () => {
    await renderInTestApp(<AIModelSearchResultListItem result={document} />);
    expect(
      screen.getByRole('link', { name: 'Llama 3.1 8B Instruct' }),
    ).toHaveAttribute('href', '/catalog/default/aimodel/llama-3-1-8b-instruct');
    expect(facts()).toEqual([
      'AI model',
      'llm',
      'meta',
      '8.03B parameters',
      '128K context',
      'served with vLLM',
      'licence llama3.1',
      'PII',
    ]);
  });

  it('says a model nobody serves is not served, and leaves out what the document lacks', async () => {
    await renderInTestApp(
      <AIModelSearchResultListItem
        result={
          {
            title: 'Embedder',
            text: '',
            location: '/catalog/default/aimodel/embedder',
            modelType: 'embedding',
            provider: 'self-hosted',
            dataClassification: 'internal',
          } as any
        }
      />,
    );
    expect(facts()).toEqual([
      'AI model',
      'embedding',
      'self-hosted',
      'not served',
      'INTERNAL',
    ]);
  });

  it('is picked for AIModel documents of the catalog index only', () => {
    expect(
      isAIModelSearchResult({ type: 'software-catalog', document } as any),
    ).toBe(true);
    expect(
      isAIModelSearchResult({
        type: 'software-catalog',
        document: { ...document, kind: 'Component' },
      } as any),
    ).toBe(false);
    expect(isAIModelSearchResult({ type: 'techdocs', document } as any)).toBe(
      false,
    );
  });
});
