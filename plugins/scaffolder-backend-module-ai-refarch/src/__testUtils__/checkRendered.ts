import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import yaml from 'yaml';
import { parseSlos } from '@ai-refarch/plugin-ai-ops-common';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { format as formatHcl } from '@cdktf/hcl-tools';
import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import {
  aiModelEntityV1alpha1Validator,
  findAIModelInconsistencies,
} from '@ai-refarch/plugin-ai-model-common';
import { validateKubernetesManifests } from '@internal/test-kit';

/*
 * Independent checks of what a golden path renders: HCL through Terraform's
 * own parser (@cdktf/hcl2json) and formatter (hclwrite's Format, which
 * `terraform fmt` runs, through @cdktf/hcl-tools), Kubernetes manifests through the
 * kubernetes-models schemas with unknown fields rejected
 * (@internal/test-kit's validateKubernetesManifests), Prometheus rules through promtool, catalog
 * entities through the catalog's policies and kind validators, Python
 * through py_compile. Each returns problems as text, so a failing test
 * says which file and why.
 */

export type Rendered = Record<string, string>;

export type CheckedFiles = {
  problems: string[];
  /** Terraform files, parsed to JSON, by path. */
  hcl: Record<string, any>;
  /** Kubernetes objects, with the file each came from. */
  manifests: { path: string; document: any }[];
  /** Catalog entities, with the file each came from. */
  entities: { path: string; entity: Entity }[];
};

const GITHUB_EXPRESSION =
  /\$\{\{\s*(secrets|github|env|vars|matrix|steps|needs|inputs|runner|job)\.[^}]*\}\}/g;
const CATALOG_API_VERSION = /^(backstage\.io|ai-refarch\.io)\//;
const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);
const kindValidators = [
  componentEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  apiEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  aiModelEntityV1alpha1Validator,
];

async function checkEntity(entity: Entity): Promise<string[]> {
  try {
    await policy.enforce(entity);
    let matched = false;
    for (const validator of kindValidators) {
      if (await validator.check(entity)) matched = true;
    }
    if (!matched) return [`no validator accepts kind ${entity.kind}`];
    // The SLO card reads spec.slos with the same checks as the back end.
    const slos = parseSlos(entity).errors.map(
      e => `${entity.metadata.name}: ${e.field}: ${e.message}`,
    );
    return entity.kind === 'AIModel'
      ? [...slos, ...findAIModelInconsistencies(entity as never)]
      : slos;
  } catch (error) {
    return [(error as Error).message];
  }
}

/** Runs a command without blocking the event loop (the test backend keeps serving). */
function run(
  command: string,
  args: string[],
  options: { cwd: string; input?: string },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export async function checkRendered(files: Rendered): Promise<CheckedFiles> {
  const out: CheckedFiles = {
    problems: [],
    hcl: {},
    manifests: [],
    entities: [],
  };
  const ruleFiles: Record<string, string> = {};
  const pythonFiles: Record<string, string> = {};
  for (const [path, text] of Object.entries(files)) {
    // GitHub Actions expressions are the workflow's own syntax, not leftovers.
    const templateText = path.startsWith('.github/workflows/')
      ? text.replace(GITHUB_EXPRESSION, '')
      : text;
    for (const marker of ['${{', '{%', '{#']) {
      if (templateText.includes(marker)) {
        out.problems.push(`${path}: "${marker}" left unrendered`);
      }
    }
    if (path.endsWith('.tf')) {
      try {
        out.hcl[path] = await parseHcl(path, text);
        const formatted = await formatHcl(text);
        if (formatted !== text) {
          const a = text.split('\n');
          const b = formatted.split('\n');
          const line = a.findIndex((l, i) => l !== b[i]);
          out.problems.push(
            `${path}: not terraform fmt clean at line ${
              line + 1
            }: ${JSON.stringify(a[line])} should be ${JSON.stringify(b[line])}`,
          );
        }
      } catch (error) {
        out.problems.push(`${path}: HCL does not parse: ${error}`);
      }
    } else if (/\.ya?ml$/.test(path)) {
      const documents = yaml.parseAllDocuments(text);
      for (const [i, document] of documents.entries()) {
        if (document.errors.length) {
          out.problems.push(
            `${path} document ${i + 1}: ${document.errors[0].message}`,
          );
          continue;
        }
        const value = document.toJS();
        if (value === null) continue;
        if (CATALOG_API_VERSION.test(value?.apiVersion ?? '')) {
          out.entities.push({ path, entity: value });
          for (const problem of await checkEntity(value)) {
            out.problems.push(`${path} ${value.kind}: ${problem}`);
          }
        } else if (value?.kind === 'Kustomization') {
          out.problems.push(...checkKustomization(path, value, files));
        } else if (value?.apiVersion && value?.kind) {
          out.manifests.push({ path, document: value });
          if (value.kind === 'PrometheusRule') {
            ruleFiles[`${path}#${value.metadata?.name}`] = yaml.stringify(
              value.spec,
            );
          }
        } else if (Array.isArray(value?.groups)) {
          ruleFiles[path] = text;
        }
      }
    } else if (path.endsWith('.json')) {
      try {
        JSON.parse(text);
      } catch (error) {
        out.problems.push(`${path}: ${error}`);
      }
    } else if (path.endsWith('.py')) {
      pythonFiles[path] = text;
    }
  }
  if ('kustomization.yaml' in files) {
    out.problems.push(...(await kustomizeReferences(files)));
  }
  out.problems.push(...(await validateManifests(out.manifests)));
  out.problems.push(...(await promtoolCheck(ruleFiles)));
  out.problems.push(...(await pyCompile(pythonFiles)));
  return out;
}

async function validateManifests(
  manifests: { path: string; document: any }[],
): Promise<string[]> {
  const results = await validateKubernetesManifests(manifests);
  return results.flatMap(r =>
    r.errors.map(e => `${r.path} ${r.kind}/${r.name}: ${e}`),
  );
}

async function inTempDir<T>(
  files: Record<string, string>,
  fn: (dir: string, names: string[]) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'rendered-'));
  try {
    const names = Object.entries(files).map(([path, text], i) => {
      const name = `f${i}${path.slice(path.lastIndexOf('.'))}`;
      writeFileSync(join(dir, name), text);
      return name;
    });
    return await fn(dir, names);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function promtoolCheck(
  ruleFiles: Record<string, string>,
): Promise<string[]> {
  const paths = Object.keys(ruleFiles);
  if (!paths.length) return [];
  return inTempDir(
    Object.fromEntries(paths.map(p => [`${p}.yaml`, ruleFiles[p]])),
    async (dir, names) => {
      const result = await run('promtool', ['check', 'rules', ...names], {
        cwd: dir,
      });
      return result.code === 0
        ? []
        : [
            `promtool check rules (${paths.join(', ')}): ${result.stdout}${
              result.stderr
            }`,
          ];
    },
  );
}

async function pyCompile(
  pythonFiles: Record<string, string>,
): Promise<string[]> {
  const paths = Object.keys(pythonFiles);
  if (!paths.length) return [];
  return inTempDir(pythonFiles, async (dir, names) => {
    const result = await run('python3', ['-m', 'py_compile', ...names], {
      cwd: dir,
    });
    if (result.code === 0) return [];
    // py_compile names the temporary file; map it back to the rendered path
    return [
      names.reduce(
        (text, name, i) => text.split(name).join(paths[i]),
        `python3 -m py_compile: ${result.stderr}`,
      ),
    ];
  });
}
/** Every Kubernetes object and pod template carries these labels. */
export function missingLabels(
  manifests: { path: string; document: any }[],
  required: Record<string, string>,
): string[] {
  const problems: string[] = [];
  const check = (where: string, labels: Record<string, string> | undefined) => {
    for (const [key, value] of Object.entries(required)) {
      if (labels?.[key] !== value) {
        problems.push(
          `${where}: label ${key} is ${labels?.[key]}, not ${value}`,
        );
      }
    }
  };
  for (const { path, document } of manifests) {
    const name = `${path} ${document.kind}/${document.metadata?.name}`;
    check(name, document.metadata?.labels);
    const podTemplate =
      document.spec?.template?.metadata ??
      document.spec?.jobTemplate?.spec?.template?.metadata;
    if (podTemplate) check(`${name} pod template`, podTemplate.labels);
  }
  return problems;
}

/** Every file a Kustomization names must be among the rendered files. */
function checkKustomization(
  path: string,
  kustomization: {
    resources?: string[];
    configMapGenerator?: { files?: string[] }[];
    configurations?: string[];
  },
  files: Rendered,
): string[] {
  const dir = path.includes('/')
    ? path.slice(0, path.lastIndexOf('/') + 1)
    : '';
  const referenced = [
    ...(kustomization.resources ?? []),
    ...(kustomization.configurations ?? []),
    ...(kustomization.configMapGenerator ?? []).flatMap(g =>
      (g.files ?? []).map(f => f.replace(/^[^=]*=/, '')),
    ),
  ];
  return referenced
    .filter(file => !(`${dir}${file}` in files))
    .map(file => `${path}: names ${file}, which was not rendered`);
}

/**
 * Builds the rendered kustomization with kubectl's kustomize and checks that
 * every ConfigMap a built object refers to is among the built objects: the
 * generated ConfigMap's name carries a hash, and kustomize rewrites
 * references to it only where it knows the kind.
 */
async function kustomizeReferences(files: Rendered): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kustomize-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const result = await run('kubectl', ['kustomize', dir], { cwd: dir });
    if (result.code !== 0) {
      return [`kubectl kustomize: ${result.stderr}`];
    }
    const objects = yaml
      .parseAllDocuments(result.stdout)
      .map(d => d.toJS())
      .filter(Boolean);
    const configMaps = new Set(
      objects.filter(o => o.kind === 'ConfigMap').map(o => o.metadata.name),
    );
    const problems: string[] = [];
    const walk = (value: unknown, owner: string) => {
      if (Array.isArray(value)) value.forEach(v => walk(v, owner));
      else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          const name = (child as { name?: string } | undefined)?.name;
          if ((key === 'configMap' || key === 'configMapRef') && name) {
            if (!configMaps.has(name)) {
              problems.push(
                `kubectl kustomize: ${owner} refers to ConfigMap ${name}, which the build does not have (${[
                  ...configMaps,
                ].join(', ')})`,
              );
            }
          }
          walk(child, owner);
        }
      }
    };
    for (const o of objects) walk(o.spec, `${o.kind}/${o.metadata?.name}`);
    return problems;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
