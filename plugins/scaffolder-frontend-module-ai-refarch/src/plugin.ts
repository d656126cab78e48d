import { scaffolderPlugin } from '@backstage/plugin-scaffolder';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { GpuFitField, gpuFitValidation } from './components/GpuFitField';
import {
  ServingBudgetField,
  servingBudgetValidation,
} from './components/ServingBudgetField';
import {
  RuntimeAdvisorField,
  VectorDbAdvisorField,
} from './components/AdvisorField';

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

/**
 * `ui:field: RuntimeAdvisor`: the serving runtime, with vLLM, TGI, Triton
 * and a hosted API ranked for the workload and the self-host break-even,
 * for apps on the legacy frontend system.
 *
 * @public
 */
export const RuntimeAdvisorFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension({
    name: 'RuntimeAdvisor',
    component: RuntimeAdvisorField,
  }),
);

/**
 * `ui:field: VectorDbAdvisor`: the vector database, with pgvector, Qdrant,
 * Weaviate and Pinecone ranked for the corpus, for apps on the legacy
 * frontend system.
 *
 * @public
 */
export const VectorDbAdvisorFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension({
    name: 'VectorDbAdvisor',
    component: VectorDbAdvisorField,
  }),
);
