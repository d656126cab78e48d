export {
  ServingBudgetField,
  servingBudgetValidation,
} from './ServingBudgetField';
