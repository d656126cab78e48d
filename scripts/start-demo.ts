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
import { repoRoot, runMain, startDemoServices } from '@internal/test-kit';

runMain(async () => {
  const demo = await startDemoServices(line => console.log(line));
  const portal = spawn(
    resolve(repoRoot, 'node_modules/.bin/backstage-cli'),
    [
      'repo',
      'start',
      ...[resolve(repoRoot, 'app-config.yaml'), ...demo.configFiles].flatMap(
        c => ['--config', c],
      ),
    ],
    { cwd: repoRoot, stdio: 'inherit' },
  );
  const stop = async () => {
    portal.kill('SIGINT');
    await demo.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  portal.on('exit', async code => {
    await demo.stop();
    process.exit(code ?? 0);
  });
  // The portal runs until it exits or is stopped.
  await new Promise(() => {});
});
