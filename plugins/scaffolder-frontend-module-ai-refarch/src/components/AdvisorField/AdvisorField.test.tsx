import { screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { configApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  catalogApi,
  config,
  form,
  withoutScorecard,
} from '../../__testUtils__/devPortal';
import { RuntimeAdvisorField } from './RuntimeAdvisorField';
import { VectorDbAdvisorField } from './VectorDbAdvisorField';

const apis = [
  [catalogApiRef, catalogApi],
  [configApiRef, config],
  ...withoutScorecard,
] as const;

const props = (
  schema: object,
  formData: string,
  formState: Record<string, unknown>,
) =>
  ({
    formData,
    onChange: () => {},
    schema,
    idSchema: { $id: 'root_field' },
    rawErrors: [],
    formContext: { formData: formState },
  } as unknown as FieldExtensionComponentProps<string>);

/** The options of the advice table, in their order. */
async function ranking(testId: string) {
  const table = await screen.findByTestId(testId);
  await waitFor(() =>
    expect(within(table).getAllByRole('row').length).toBeGreaterThan(1),
  );
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row => row.getAttribute('data-option'));
}

describe('RuntimeAdvisorField', () => {
  const schema = {
    title: 'Runtime',
    enum: ['vllm', 'tgi', 'triton'],
    enumNames: ['vLLM', 'Text Generation Inference', 'Triton (TensorRT-LLM)'],
  };

  it('ranks a hosted model first for a light load, with the break-even on the catalog prices', async () => {
    await renderInTestApp(
      <TestApiProvider apis={apis}>
        <RuntimeAdvisorField
          {...props(schema, 'vllm', {
            ...form,
            gpusPerReplica: 1,
            minReplicas: 1,
            requestsPerSecond: 0.05,
            promptTokens: 800,
            outputTokens: 200,
          })}
        />
      </TestApiProvider>,
    );
    expect(await ranking('runtime-advisor')).toEqual([
      'hosted',
      'vllm',
      'triton',
      'tgi',
    ]);
    // GPT-4o: 800 × 2.5 + 200 × 10 = 4,000 per million requests' tokens.
    const breakEven = await screen.findByTestId('break-even');
    expect(breakEven.textContent).toMatch(
      /^GPT-4o \(hosted\), the cheapest hosted model in the catalog, would cost 526 a month for this load, against [\d,]+ for the minimum replicas: self-hosting costs less above \d+\.\d\d requests\/s\.$/,
    );
    expect(
      screen.getByText(/A hosted model suits this workload better/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('not deployed by this golden path'),
    ).toBeInTheDocument();
  });

  it('rules the hosted API out for a PHI model and ranks the self-hosted runtimes', async () => {
    await renderInTestApp(
      <TestApiProvider apis={apis}>
        <RuntimeAdvisorField
          {...props(schema, 'vllm', {
            ...form,
            catalogModel: 'aimodel:default/clinical-notes-summarizer',
            gpusPerReplica: 1,
            requestsPerSecond: 25,
            promptTokens: 2000,
            outputTokens: 300,
            ttftP95Seconds: 0.4,
          })}
        />
      </TestApiProvider>,
    );
    expect(await ranking('runtime-advisor')).toEqual([
      'triton',
      'vllm',
      'tgi',
      'hosted',
    ]);
    expect(
      screen.getByText(/PHI data stays on models the organisation runs/),
    ).toBeInTheDocument();
    expect(screen.getAllByText('ruled out')).toHaveLength(1);
  });

  it('says what the break-even still needs', async () => {
    await renderInTestApp(
      <TestApiProvider apis={apis}>
        <RuntimeAdvisorField
          {...props(schema, 'vllm', {
            modelSource: 'catalog',
            requestsPerSecond: 1,
            promptTokens: 100,
            outputTokens: 100,
          })}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(
        'No self-host break-even yet: GPU sizing: pick a model first.',
      ),
    ).toBeInTheDocument();
  });
});

describe('VectorDbAdvisorField', () => {
  const schema = {
    title: 'Vector database',
    enum: ['pgvector', 'qdrant', 'weaviate', 'pinecone'],
    enumNames: [
      'PostgreSQL with pgvector',
      'Qdrant',
      'Weaviate',
      'Pinecone (managed)',
    ],
  };

  it('ranks the databases for the corpus and names what rules one out', async () => {
    await renderInTestApp(
      <VectorDbAdvisorField
        {...props(schema, 'pgvector', {
          expectedChunks: 200_000_000,
          embeddingDimensions: 1024,
          metadataFilters: true,
          vectorDbOperations: 'self-run',
        })}
      />,
    );
    expect(await ranking('vector-db-advisor')).toEqual([
      'qdrant',
      'weaviate',
      'pgvector',
      'pinecone',
    ]);
    expect(
      screen.getByText(/Pinecone is a managed service/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('link', { name: /qdrant\.tech/ }).length,
    ).toBeGreaterThan(0);
  });
});
