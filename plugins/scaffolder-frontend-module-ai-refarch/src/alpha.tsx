import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';

const gpuFitField = FormFieldBlueprint.make({
  name: 'gpu-fit',
  params: {
    field: () =>
      import('./components/GpuFitField').then(m =>
        createFormField({
          name: 'GpuFit',
          component: m.GpuFitField,
          validation: m.gpuFitValidation,
        }),
      ),
  },
});

const servingBudgetField = FormFieldBlueprint.make({
  name: 'serving-budget',
  params: {
    field: () =>
      import('./components/ServingBudgetField').then(m =>
        createFormField({
          name: 'ServingBudget',
          component: m.ServingBudgetField,
          validation: m.servingBudgetValidation,
        }),
      ),
  },
});

const runtimeAdvisorField = FormFieldBlueprint.make({
  name: 'runtime-advisor',
  params: {
    field: () =>
      import('./components/AdvisorField').then(m =>
        createFormField({
          name: 'RuntimeAdvisor',
          component: m.RuntimeAdvisorField,
        }),
      ),
  },
});

const vectorDbAdvisorField = FormFieldBlueprint.make({
  name: 'vector-db-advisor',
  params: {
    field: () =>
      import('./components/AdvisorField').then(m =>
        createFormField({
          name: 'VectorDbAdvisor',
          component: m.VectorDbAdvisorField,
        }),
      ),
  },
});

/**
 * Form fields of the AI Reference Architecture golden paths, for apps on
 * Backstage's new frontend system.
 *
 * @alpha
 */
export default createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    gpuFitField,
    servingBudgetField,
    runtimeAdvisorField,
    vectorDbAdvisorField,
  ],
});

export { aiRefarchScaffolderTranslationRef } from './translation';
