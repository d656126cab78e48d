import { screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { configApiRef } from '@backstage/core-plugin-api';
import { translationApiRef } from '@backstage/core-plugin-api/alpha';
import { markingTranslationApi } from '@internal/test-kit/react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  catalogApi,
  config,
  form,
  withoutScorecard,
} from '../__testUtils__/devPortal';
import { GpuFitField } from './GpuFitField';
import { ServingBudgetField } from './ServingBudgetField';

/** A model the catalog cannot be asked about. */
const UNREACHABLE = 'aimodel:default/unreachable';

const apis = [
  [
    catalogApiRef,
    {
      getEntityByRef: async (ref: string) => {
        if (ref === UNREACHABLE) throw new Error('catalog down');
        return catalogApi.getEntityByRef(ref);
      },
    },
  ],
  [configApiRef, config],
  ...withoutScorecard,
] as const;

/** The props the scaffolder gives a field, for one value and one form. */
function props(
  id: string,
  formData: number | undefined,
  formState: Record<string, unknown>,
) {
  return {
    formData,
    onChange: () => {},
    schema: {},
    idSchema: { $id: id },
    rawErrors: [],
    formContext: { formData: formState },
  } as unknown as FieldExtensionComponentProps<number>;
}

/** The budget step of the LLM serving form, on one L40S per replica. */
const plan = { ...form, gpusPerReplica: 1, minReplicas: 2, maxReplicas: 4 };

/** Each field in each of the states it reports. */
const fields = (
  <>
    <GpuFitField {...props('gpus-fits', 1, form)} />
    <GpuFitField {...props('gpus-incomplete', 1, { modelSource: 'catalog' })} />
    <GpuFitField
      {...props('gpus-failed', 1, { ...form, catalogModel: UNREACHABLE })}
    />
    <ServingBudgetField {...props('budget-fits', 10_000, plan)} />
    <ServingBudgetField
      {...props('budget-on-demand', 100_000, { ...plan, spotSharePercent: 50 })}
    />
    <ServingBudgetField
      {...props('budget-incomplete', 10_000, { ...plan, minReplicas: 0 })}
    />
    <ServingBudgetField
      {...props('budget-failed', 10_000, {
        ...plan,
        catalogModel: UNREACHABLE,
      })}
    />
  </>
);

/** Every alert of the fields, once all the checks have answered. */
async function alerts() {
  await waitFor(() => {
    expect(screen.getAllByTestId('gpu-fit')).toHaveLength(3);
    expect(screen.getAllByTestId('serving-budget')).toHaveLength(4);
  });
  return [
    ...screen.getAllByTestId('gpu-fit'),
    ...screen.getAllByTestId('serving-budget'),
  ].map(a => a.textContent);
}

describe('the fields’ words', () => {
  it('read as before in English', async () => {
    await renderInTestApp(
      <TestApiProvider apis={apis}>{fields}</TestApiProvider>,
    );
    expect(await screen.findAllByLabelText('GPUs per replica')).toHaveLength(3);
    expect(screen.getAllByLabelText('Monthly budget')).toHaveLength(4);
    expect(await alerts()).toEqual([
      expect.stringMatching(
        /^Fits: 15\.0 GiB of weights and 16\.0 GiB of KV cache \(128 KiB per token\) on 1 × nvidia-l40s with \d+\.\d GiB usable each; about \d+ a month per replica\.$/,
      ),
      'GPU sizing: pick a model first.',
      'Could not size the GPUs here (catalog down); the task checks again when it runs.',
      expect.stringMatching(
        /^[\d,]+ a month per replica: the minimum costs [\d,]+ and the ceiling [\d,]+, within 10,000\.$/,
      ),
      expect.stringMatching(
        /^[\d,]+ a month per replica: the minimum costs [\d,]+ and the ceiling [\d,]+ with every replica on demand \(spot capacity is not guaranteed when scaling out\), within 100,000\.$/,
      ),
      'Budget check: give the minimum replicas and the monthly budget.',
      'Could not price the replicas here (catalog down); the task checks again when it runs.',
    ]);
  });

  it('come from the translation ref, so an organisation can translate or reword them', async () => {
    const marked = markingTranslationApi();
    await renderInTestApp(
      <TestApiProvider apis={[...apis, [translationApiRef, marked]]}>
        {fields}
      </TestApiProvider>,
    );
    expect(await screen.findAllByLabelText('⟦GPUs per replica⟧')).toHaveLength(
      3,
    );
    expect(screen.getAllByLabelText('⟦Monthly budget⟧')).toHaveLength(4);
    expect(screen.queryAllByLabelText('GPUs per replica')).toHaveLength(0);
    expect(screen.queryAllByLabelText('Monthly budget')).toHaveLength(0);
    expect(await alerts()).toEqual([
      // The sizes are marked too: the unit is a message of its own.
      expect.stringMatching(
        /^⟦Fits: ⟦15\.0 GiB⟧ of weights and ⟦16\.0 GiB⟧ of KV cache \(128 KiB per token\) on 1 × nvidia-l40s with ⟦\d+\.\d GiB⟧ usable each; about \d+ a month per replica\.⟧$/,
      ),
      '⟦GPU sizing: pick a model first.⟧',
      '⟦Could not size the GPUs here (catalog down); the task checks again when it runs.⟧',
      expect.stringMatching(
        /^⟦[\d,]+ a month per replica: the minimum costs [\d,]+ and the ceiling [\d,]+, within 10,000\.⟧$/,
      ),
      expect.stringMatching(
        /^⟦[\d,]+ a month per replica: the minimum costs [\d,]+ and the ceiling [\d,]+ with every replica on demand \(spot capacity is not guaranteed when scaling out\), within 100,000\.⟧$/,
      ),
      '⟦Budget check: give the minimum replicas and the monthly budget.⟧',
      '⟦Could not price the replicas here (catalog down); the task checks again when it runs.⟧',
    ]);
  });
});
