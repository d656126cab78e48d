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

/**
 * Form fields of the AI Reference Architecture golden paths, for apps on
 * Backstage's new frontend system.
 *
 * @alpha
 */
export default createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [gpuFitField, servingBudgetField],
});

export { aiRefarchScaffolderTranslationRef } from './translation';
