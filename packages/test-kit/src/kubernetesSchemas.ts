import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KIT_SOURCE } from './paths';

/** A manifest's problems against its kind's published schema. */
export type ManifestProblems = {
  path: string;
  kind?: string;
  name?: string;
  errors: string[];
};

/**
 * Validates Kubernetes manifests against the published schemas of the
 * `kubernetes-models` packages, unknown fields rejected (validateK8s.mts).
 * Those packages are ES modules, which Jest's CommonJS cannot import: the
 * validation runs in a Node process of its own.
 */
export async function validateKubernetesManifests(
  manifests: { path: string; document: unknown }[],
): Promise<ManifestProblems[]> {
  if (!manifests.length) return [];
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      // An ES module in TypeScript: imported, so that the transform's
      // module hooks compile it.
      '--input-type=module',
      '--eval',
      `const { main } = await import(${JSON.stringify(
        pathToFileURL(join(KIT_SOURCE, 'validateK8s.mts')).href,
      )}); await main();`,
    ],
    { cwd: KIT_SOURCE, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => (stdout += chunk));
  child.stderr.on('data', chunk => (stderr += chunk));
  child.stdin.end(JSON.stringify(manifests));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    throw new Error(`validateK8s.mts exited with ${code}: ${stderr}`);
  }
  return JSON.parse(stdout);
}
