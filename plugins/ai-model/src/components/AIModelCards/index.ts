export { AIModelOverviewCard } from './OverviewCard';
export { AIModelServingCard } from './ServingCard';
export { AIModelEvaluationsCard } from './EvaluationsCard';
export { AIModelProvenanceCard } from './ProvenanceCard';
export { AIModelLineageCard } from './LineageCard';
export { ClassificationChip } from './ClassificationChip';
