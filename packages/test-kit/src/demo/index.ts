import { startDemoCluster } from './demoCluster';
import { startDemoPrometheus } from './demoPrometheus';
import { startDemoMlflow } from './mlflow';
import { startDemoTraces } from './traceBackends';
import { startDemoKubeflow } from './kubeflow';
import { startDemoFeast } from './feast';
import { startDemoWandb } from './wandb';

/**
 * The dev portal's demo data sources, each labelled as demo in the UI: a
 * Prometheus with 30 days of generated history, a loopback Kubernetes API
 * server holding a GPU cluster, an MLflow registry with the example models'
 * versions, Phoenix, Langfuse and LangSmith APIs with a day of traces, and a
 * Kubeflow Model Registry and a W&B Registry the catalog ingests a model
 * from each, and a Feast registry whose feature views and service the
 * Kubeflow model reads.
 * Whatever started is stopped again if one of them fails to start.
 */
export async function startDemoServices(
  log: (line: string) => void = () => {},
) {
  const started: { stop(): Promise<unknown> }[] = [];
  const stop = async () => {
    await Promise.all(started.splice(0).map(s => s.stop()));
  };
  const start = async <T extends { stop(): Promise<unknown> }>(
    what: string,
    fn: () => Promise<T>,
    where: (s: T) => string,
  ) => {
    const s = await fn();
    started.push(s);
    log(`${what} at ${where(s)}`);
    return s;
  };
  try {
    log('Generating 30 days of demo history and starting Prometheus...');
    const prometheus = await start(
      'Demo Prometheus',
      startDemoPrometheus,
      p => p.baseUrl,
    );
    const cluster = await start(
      'Demo Kubernetes API server',
      startDemoCluster,
      c => c.url,
    );
    const mlflow = await start(
      'Demo MLflow registry',
      startDemoMlflow,
      m => m.url,
    );
    const traces = await start(
      'Demo trace back ends',
      startDemoTraces,
      t => t.url,
    );
    const kubeflow = await start(
      'Demo Kubeflow Model Registry',
      startDemoKubeflow,
      k => k.url,
    );
    const feast = await start(
      'Demo Feast registry',
      startDemoFeast,
      f => f.url,
    );
    const wandb = await start('Demo W&B Registry', startDemoWandb, w => w.url);
    return {
      prometheus,
      cluster,
      mlflow,
      traces,
      kubeflow,
      feast,
      wandb,
      /** The app-config files that point the portal at them. */
      configFiles: [
        prometheus,
        cluster,
        mlflow,
        traces,
        kubeflow,
        feast,
        wandb,
      ].map(s => s.configFile),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
