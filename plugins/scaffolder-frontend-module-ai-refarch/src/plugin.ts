import { scaffolderPlugin } from '@backstage/plugin-scaffolder';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { GpuFitField, gpuFitValidation } from './components/GpuFitField';
import {
  ServingBudgetField,
  servingBudgetValidation,
} from './components/ServingBudgetField';

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

/**
 * `ui:field: ServingBudget`: the monthly budget, checked live against the
 * cost of the minimum replicas and the autoscaling ceiling, for apps on the
 * legacy frontend system (put it inside `<ScaffolderFieldExtensions>`).
 *
 * @public
 */
export const ServingBudgetFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension({
    name: 'ServingBudget',
    component: ServingBudgetField,
    validation: servingBudgetValidation,
  }),
);
