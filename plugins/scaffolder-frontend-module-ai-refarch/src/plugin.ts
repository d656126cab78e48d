import { scaffolderPlugin } from '@backstage/plugin-scaffolder';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { GpuFitField, gpuFitValidation } from './components/GpuFitField';

/**
 * `ui:field: GpuFit`: GPUs per replica, sized live against the chosen model
 * and the portal's GPU price table, for apps on the legacy frontend system
 * (put it inside `<ScaffolderFieldExtensions>`).
 *
 * @public
 */
export const GpuFitFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension({
    name: 'GpuFit',
    component: GpuFitField,
    validation: gpuFitValidation,
  }),
);
