// npm run start:demo — the portal as `npm start` runs it, plus a local
// Prometheus with 30 days of demo history, so that the cost and SLO cards
// of the example vLLM service, its model and the LLM gateway show data.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { repoRoot } from './lib/backend.mjs';
import { startDemoPrometheus } from './lib/demo-prometheus.mjs';

console.log('Generating 30 days of demo history and starting Prometheus...');
const prometheus = await startDemoPrometheus();
console.log(`Demo Prometheus at ${prometheus.baseUrl}`);
const portal = spawn(
  resolve(repoRoot, 'node_modules/.bin/backstage-cli'),
  [
    'repo',
    'start',
    '--config',
    resolve(repoRoot, 'app-config.yaml'),
    '--config',
    prometheus.configFile,
  ],
  { cwd: repoRoot, stdio: 'inherit' },
);
const stop = async () => {
  portal.kill('SIGINT');
  await prometheus.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
portal.on('exit', async code => {
  await prometheus.stop();
  process.exit(code ?? 0);
});
