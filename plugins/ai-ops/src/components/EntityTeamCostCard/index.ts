export { EntityTeamCostCard } from './EntityTeamCostCard';
