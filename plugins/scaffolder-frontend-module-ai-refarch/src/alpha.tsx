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

/**
 * Form fields of the AI Reference Architecture golden paths, for apps on
 * Backstage's new frontend system.
 *
 * @alpha
 */
export default createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [gpuFitField],
});
