// npm run start:demo — the portal as `npm start` runs it, plus a local
// Prometheus with 30 days of demo history, so that the cost and SLO cards
// of the example vLLM service, its model and the LLM gateway show data, and
// a simulated Kubernetes cluster, so that the scorecard shows live evidence,
// drift and unregistered model servers, and an MLflow registry holding the
// example models' versions, so that digests and training data are checked
// against it, and Phoenix, Langfuse and LangSmith APIs holding a day of the
// example services' traces. The UI labels all four as demo data.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startDemoCluster } from './lib/demo-kubernetes.mjs';
import { startDemoPrometheus } from './lib/demo-prometheus.mjs';
import { startDemoMlflow } from './lib/mlflow.mjs';
import { startDemoTraces } from './lib/trace-backends.mjs';
import testKit from '@internal/test-kit';

const { repoRoot } = testKit;

console.log('Generating 30 days of demo history and starting Prometheus...');
const prometheus = await startDemoPrometheus();
console.log(`Demo Prometheus at ${prometheus.baseUrl}`);
const cluster = await startDemoCluster();
console.log(`Demo Kubernetes API server at ${cluster.url}`);
const mlflow = await startDemoMlflow();
console.log(`Demo MLflow registry at ${mlflow.url}`);
const traces = await startDemoTraces();
console.log(`Demo trace back ends at ${traces.url}`);
const portal = spawn(
  resolve(repoRoot, 'node_modules/.bin/backstage-cli'),
  [
    'repo',
    'start',
    '--config',
    resolve(repoRoot, 'app-config.yaml'),
    '--config',
    prometheus.configFile,
    '--config',
    cluster.configFile,
    '--config',
    mlflow.configFile,
    '--config',
    traces.configFile,
  ],
  { cwd: repoRoot, stdio: 'inherit' },
);
const stopDemo = () =>
  Promise.all([
    prometheus.stop(),
    cluster.stop(),
    mlflow.stop(),
    traces.stop(),
  ]);
const stop = async () => {
  portal.kill('SIGINT');
  await stopDemo();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
portal.on('exit', async code => {
  await stopDemo();
  process.exit(code ?? 0);
});
