// npm run start:demo — the portal as `npm start` runs it, plus a local
// Prometheus with 30 days of demo history, so that the cost and SLO cards
// of the example vLLM service, its model and the LLM gateway show data, and
// a simulated Kubernetes cluster, so that the scorecard shows live evidence,
// drift and unregistered model servers. The UI labels both as demo data.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { repoRoot } from './lib/backend.mjs';
import { startDemoCluster } from './lib/demo-kubernetes.mjs';
import { startDemoPrometheus } from './lib/demo-prometheus.mjs';

console.log('Generating 30 days of demo history and starting Prometheus...');
const prometheus = await startDemoPrometheus();
console.log(`Demo Prometheus at ${prometheus.baseUrl}`);
const cluster = await startDemoCluster();
console.log(`Demo Kubernetes API server at ${cluster.url}`);
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
  ],
  { cwd: repoRoot, stdio: 'inherit' },
);
const stopDemo = () => Promise.all([prometheus.stop(), cluster.stop()]);
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
