import { parse as parseHcl } from '@cdktf/hcl2json';
import MarkdownIt from 'markdown-it';
import { isDeepStrictEqual } from 'node:util';
import yaml from 'yaml';
import { literalOfHclJson } from './encoders/hcl';
import { HOSTILE_VALUES, readTemplate } from '@internal/test-kit';
import {
  DryRunResult,
  matrix,
  startDryRunBackend,
} from './__testUtils__/dryRun';

/*
 * Every string parameter of every golden path, fed every hostile value
 * (@internal/test-kit's HOSTILE_VALUES) through the scaffolder's real dry run. Each
 * value is either refused, naming the field (by the form's JSON schema or by
 * an action's InputError), or rendered without changing the structure of
 * any generated file: the same files, the same HCL blocks and attributes
 * with no new interpolation, the same YAML keys, the same Markdown blocks
 * and links.
 */

type Path = (string | number)[];

/** The string parameters of a template, as paths into its values. */
function stringParameters(template: any): Path[] {
  const paths: Path[] = [];
  const walk = (properties: Record<string, any>, prefix: Path) => {
    for (const [name, schema] of Object.entries(properties ?? {})) {
      if (schema.type === 'string') paths.push([...prefix, name]);
      else if (schema.type === 'object')
        walk(schema.properties, [...prefix, name]);
      else if (schema.type === 'array' && schema.items?.type === 'string') {
        paths.push([...prefix, name, 0]);
      } else if (schema.type === 'array' && schema.items?.type === 'object') {
        walk(schema.items.properties, [...prefix, name, 0]);
      }
    }
  };
  for (const step of [template.spec.parameters].flat()) {
    walk(step.properties, []);
    for (const dependency of Object.values<any>(step.dependencies ?? {})) {
      for (const branch of dependency.oneOf ?? []) {
        const own = Object.fromEntries(
          Object.entries<any>(branch.properties ?? {}).filter(
            ([, schema]) =>
              !('const' in schema) && !('enum' in schema && !schema.type),
          ),
        );
        walk(own, []);
      }
    }
  }
  // A property declared in several branches (region per cloud) is one parameter.
  return [...new Map(paths.map(p => [p.join('.'), p])).values()];
}

function get(values: any, path: Path) {
  return path.reduce((v, k) => (v === undefined ? v : v[k]), values);
}

function withValue(values: any, path: Path, value: unknown) {
  const copy = structuredClone(values);
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key];
  target[path[path.length - 1]] = value;
  return copy;
}

/** The shape of a parsed document: every key path, and which strings interpolate. */
function shape(value: unknown, at = '$', out: string[] = []): string[] {
  if (Array.isArray(value)) {
    out.push(`${at}[${value.length}]`);
    value.forEach((v, i) => shape(v, `${at}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    for (const key of Object.keys(value).sort()) {
      shape((value as any)[key], `${at}.${JSON.stringify(key)}`, out);
    }
  } else if (typeof value === 'string') {
    if (literalOfHclJson(value) === undefined) out.push(`${at}: ${value}`);
  } else out.push(`${at}: ${typeof value}`);
  return out;
}

const markdown = new MarkdownIt({ html: true, linkify: true });
function markdownShape(text: string) {
  return markdown
    .parse(text, {})
    .flatMap(token => [
      token.type,
      ...(token.children ?? [])
        .filter(t => !['text', 'softbreak', 'code_inline'].includes(t.type))
        .map(t => `${t.type} ${t.attrGet('href') ?? ''}`),
    ]);
}

/** The files whose structure differs, with both shapes. */
function diffShapes(
  before: Record<string, unknown> = {},
  after: Record<string, unknown>,
) {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter(file => !isDeepStrictEqual(before[file], after[file]))
    .map(file => ({ file, before: before[file], after: after[file] }));
}

async function fileShapes(files: Record<string, string>) {
  const shapes: Record<string, unknown> = {};
  for (const [path, text] of Object.entries(files)) {
    if (path.endsWith('.tf')) {
      shapes[path] = shape(await parseHcl(path, text));
    } else if (/\.ya?ml$/.test(path)) {
      // The YAML keys; string values may change, types and nesting may not.
      shapes[path] = yaml.parseAllDocuments(text).map(d => shapeYaml(d.toJS()));
    } else if (path.endsWith('.md')) {
      shapes[path] = markdownShape(text);
    } else if (path.endsWith('.jsonl')) {
      shapes[path] = text
        .split('\n')
        .map(line => line && shapeYaml(JSON.parse(line)));
    }
  }
  return shapes;
}

function shapeYaml(value: unknown, at = '$', out: string[] = []): string[] {
  if (Array.isArray(value)) {
    out.push(`${at}[${value.length}]`);
    value.forEach((v, i) => shapeYaml(v, `${at}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    for (const key of Object.keys(value).sort()) {
      shapeYaml((value as any)[key], `${at}.${JSON.stringify(key)}`, out);
    }
  } else out.push(`${at}: ${typeof value}`);
  return out;
}

function renameIn(text: string, from: string, to: string) {
  if (from.length < 3 || from === to) return text;
  let out = text;
  for (const [a, b] of [
    [from, to],
    [from.replace(/-/g, '_'), to.replace(/-/g, '_')],
  ]) {
    out = out
      .split(JSON.stringify(a).slice(1, -1))
      .join(JSON.stringify(b).slice(1, -1));
  }
  return out;
}

/** The field a refusal names: the schema error's property or the InputError's prefix. */
function refusalNames(run: DryRunResult, field: string): boolean {
  if (run.status !== 400) return false;
  if (run.body.errors) return JSON.stringify(run.body.errors).includes(field);
  return (
    run.body.error?.name === 'InputError' &&
    new RegExp(`(^|[.\\]\\s])${field}(\\[\\d+\\])?:`).test(
      run.body.error.message,
    )
  );
}

const TEMPLATE_NAMES = Object.keys(matrix);

describe('golden paths with hostile values in every string parameter', () => {
  jest.setTimeout(600_000);
  let backend: Awaited<ReturnType<typeof startDryRunBackend>>;
  const baselines = new Map<
    string,
    Promise<{ status: number; shapes?: Record<string, unknown> }>
  >();

  beforeAll(async () => {
    backend = await startDryRunBackend();
  });
  afterAll(() => backend?.stop());

  const cases = TEMPLATE_NAMES.flatMap(name =>
    stringParameters(readTemplate(name)).map(path => {
      // A parameter set that sets it, so the value is used, not ignored.
      const entry = matrix[name].find(e => get(e.values, path) !== undefined);
      return [name, path.join('.'), path, entry] as const;
    }),
  );

  it('has a parameter set in templates/matrix.yaml for every string parameter', () => {
    expect(
      cases.filter(([, , , entry]) => !entry).map(c => `${c[0]} ${c[1]}`),
    ).toEqual([]);
  });

  it.each(cases)('%s: %s', async (template, _name, path, entry) => {
    const field = String(path.filter(k => typeof k === 'string').pop());
    const key = `${template}/${entry!.name}`;
    if (!baselines.has(key)) {
      baselines.set(
        key,
        backend.dryRun(template, entry!.values).then(async run => ({
          status: run.status,
          shapes: run.status === 200 ? await fileShapes(run.files) : undefined,
        })),
      );
    }
    const baseline = await baselines.get(key)!;
    expect(baseline.status).toBe(200);
    const problems: object[] = [];
    for (const hostile of HOSTILE_VALUES) {
      const run = await backend.dryRun(
        template,
        withValue(entry!.values, path, hostile.value),
      );
      if (run.status === 200) {
        // A valid name (a pool called `constructor`) renames the blocks and
        // keys derived from it; named back, the structure must be the same.
        const original = String(get(entry!.values, path));
        const renamed = JSON.parse(
          renameIn(
            JSON.stringify(await fileShapes(run.files)),
            String(hostile.value),
            original,
          ),
        );
        if (!isDeepStrictEqual(renamed, baseline.shapes)) {
          problems.push({
            value: hostile.name,
            changed: diffShapes(baseline.shapes, renamed),
          });
        }
      } else if (run.status !== 400 || !refusalNames(run, field)) {
        problems.push({
          value: hostile.name,
          status: run.status,
          body: JSON.stringify(
            run.body.errors ?? run.body.error ?? run.body,
          ).slice(0, 500),
        });
      }
    }
    expect(problems).toEqual([]);
  });
});
