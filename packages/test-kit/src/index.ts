/**
 * The suite's shared test fakes and fixtures. Plain-Node scripts load the
 * kit through Backstage's node transform (`node --require
 * @backstage/cli/config/nodeTransform.cjs`) and take its exports from its
 * default import, as it is CommonJS to them.
 *
 * @packageDocumentation
 */
export { startFakeApiServer } from './kubeApiServer';
export type { FakeApiServer, FakeClusterOptions } from './kubeApiServer';
export { podTemplate, POD_TEMPLATE_HASH, schedule, selects } from './scheduler';
export type {
  LabelSelector,
  Labels,
  Manifest,
  Node,
  Pod,
  PodSpec,
} from './scheduler';
export {
  devPortalConfig,
  exampleEntities,
  readTemplate,
  README_FILE,
  templateFiles,
  templateMatrix,
  TEMPLATES_DIR,
} from './devPortal';
export { servedExampleCatalog } from './exampleCatalog';
export type { ExampleCatalogFile, MatrixEntry } from './devPortal';
export { HOSTILE_VALUES } from './hostileValues';
export {
  gpuDeployment,
  gpuNode,
  podDisruptionBudget,
  runningPod,
  scaledObject,
  service,
} from './kubeManifests';
export type { NamespacedManifest } from './kubeManifests';
export { startTestSigstore } from './sigstore';
export type { TestSigstore } from './sigstore';
export { validateKubernetesManifests } from './kubernetesSchemas';
export type { ManifestProblems } from './kubernetesSchemas';
export { startServer } from './servers/server';
export type { RunningServer } from './servers/server';
export { repoRoot } from './paths';
export { backendReady, startBackend } from './servers/backend';
export type { TestBackend } from './servers/backend';
export { backfill, startPrometheus } from './servers/prometheus';
export type { PrometheusOptions, TestPrometheus } from './servers/prometheus';
export { startPostgres } from './servers/postgres';
export type { TestPostgres } from './servers/postgres';
export { freePort, listenOnLoopback, sendJson, waitFor } from './servers/net';
export { generateHistory, sumWindow } from './history/prometheusHistory';
export type {
  History,
  HistoryOptions,
  HistoryTruth,
} from './history/prometheusHistory';
export { generateServingHistory } from './history/servingHistory';
export type {
  ModelCaller,
  ServingHistoryOptions,
  ServingTarget,
} from './history/servingHistory';
export {
  fleetEntities,
  fleetHistory,
  writeServingFleetHistory,
} from './history/sloFleet';
export type { DemoService } from './demo/demoService';
export { startDemoServices } from './demo';
export { startDemoPrometheus } from './demo/demoPrometheus';
export { startFakeMlflow } from './demo/mlflow';
export {
  hourlyFaithfulness,
  startFakeTraceBackends,
  tracedProjects,
} from './demo/traceBackends';
export type { RecordedTraces, TraceBackend } from './demo/traceBackends';
export { buildAndPack, packAll, pluginPackages, run } from './pack';
export { runMain } from './runMain';
