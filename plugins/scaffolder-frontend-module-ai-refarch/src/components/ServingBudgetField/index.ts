export { ServingBudgetField } from './ServingBudgetField';
export { servingBudgetValidation } from '../GpuFitField/validation';
