import { ChapterId } from './chapters';
import { EntityScorecard, Grade, Waiver } from './grade';

/** One entity's stored scorecard, as the REST API returns it. @public */
export type StoredScorecard = {
  scorecard: EntityScorecard;
  ruleSetVersion: string;
  computedAt: string;
};

/** What the overview lists of one entity. @public */
export type ScorecardSummary = {
  entityRef: string;
  kind: string;
  title: string;
  owner: string | null;
  system: string | null;
  score: number | null;
  /** Decided weight over applicable weight, 0–100; null when no rule applies (or graded before coverage was kept). */
  coverage: number | null;
  grade: Grade | null;
  chapters: Record<ChapterId, Grade | null>;
  computedAt: string;
};

/** The overview's filters, sorting and page. @public */
export type OverviewQuery = {
  page: number;
  pageSize: number;
  kind?: string;
  owner?: string;
  system?: string;
  grade?: Grade;
  chapter?: ChapterId;
  /** Only entities failing this rule. */
  failing?: string;
  sort: 'score' | 'coverage' | 'grade' | 'title';
  order: 'asc' | 'desc';
};

/** How many entities have each grade (A–F, Incomplete, and "none": no rule applies), overall and per chapter. @public */
export type GradeDistribution = Record<
  'overall' | ChapterId,
  Record<string, number>
>;

/** A waiver as the REST API returns it. @public */
export type StoredWaiver = Waiver & { id: number; createdAt: string };

/** One day of an entity's grade history. @public */
export type ScorecardHistoryPoint = {
  day: string;
  score: number | null;
  coverage: number | null;
  grade: Grade | null;
};

/** How many graded entities fail one rule. @public */
export type FailingRuleCount = { ruleId: string; entities: number };

/**
 * A model server running in a cluster that no catalog entity claims (by
 * `backstage.io/kubernetes-id` or `backstage.io/kubernetes-label-selector`).
 *
 * @public
 */
export type UnregisteredModelServer = {
  /** Which discovery found it, e.g. `kubernetes`. */
  source: string;
  cluster: string;
  /** Found in a simulated cluster (demo data). */
  demo: boolean;
  namespace: string;
  kind: string;
  name: string;
  runtime: string | null;
  image: string | null;
  /** The `backstage.io/kubernetes-id` label it already carries, if any. */
  kubernetesId: string | null;
  /** The model it serves, from its `ai-refarch.io/model` label. */
  model: string | null;
};

/** @public */
export type UnregisteredModelServersResponse = {
  servers: UnregisteredModelServer[];
  /** Places that could not be searched, each saying why (a cluster that answered 403, ...). */
  unreadable: string[];
  /** The discoveries that ran; empty when no module supplies one. */
  sources: string[];
  /**
   * Servers and unsearched clusters left out because the caller may not read
   * their cluster's `Resource` entity in the catalog.
   */
  hidden: number;
  readAt: string | null;
};

/**
 * One setting the catalog declares and the cluster shows differently: the
 * items of the `kubernetes.drift` fact (`serving`, `engine` and `model`), which the
 * Scorecard tab shows as a table. @public
 */
export type DriftItem = {
  field: string;
  declared: unknown;
  declaredIn: string;
  observed: unknown;
  observedIn: string;
  /** What the observed value is, where the scorecard knows: e.g. the model's rollback version. */
  note?: string;
};

/** The fact whose evidence is a list of `DriftItem`s. @public */
export const DRIFT_FACT = 'kubernetes.drift';
