import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { repoRoot } from './paths';

/*
 * The dev portal of this repository as the tests read it: its example
 * catalog, its app config and its golden-path templates. The kit is the one
 * place that knows where they are; tests ask it by name.
 */

/** The files of the example catalog (catalog-info/<file>.yaml). */
export type ExampleCatalogFile = 'org' | 'systems' | 'models' | 'services';

/** The entities of example catalog files, as written (no defaults filled in). */
export function exampleEntities(
  files: ExampleCatalogFile[] = ['org', 'systems', 'models', 'services'],
): Entity[] {
  return files.flatMap(file =>
    yaml
      .parseAllDocuments(
        readFileSync(join(repoRoot, 'catalog-info', `${file}.yaml`), 'utf8'),
      )
      .map(d => d.toJS() as Entity),
  );
}

/** The dev portal's app-config.yaml, parsed. */
export function devPortalConfig(): JsonObject {
  return yaml.parse(readFileSync(join(repoRoot, 'app-config.yaml'), 'utf8'));
}

/** The repository's README (the scorecard's rule table is generated into it). */
export const README_FILE = join(repoRoot, 'README.md');

/** The directory of the golden-path templates, one directory per template. */
export const TEMPLATES_DIR = join(repoRoot, 'templates');

/** A golden-path template's template.yaml, parsed. */
export function readTemplate(name: string): any {
  return yaml.parse(
    readFileSync(join(TEMPLATES_DIR, name, 'template.yaml'), 'utf8'),
  );
}

/** One case of the template matrix: a name and the form values. */
export type MatrixEntry = { name: string; values: Record<string, any> };

/** templates/matrix.yaml: the form values each template is tried with. */
export function templateMatrix(): Record<string, MatrixEntry[]> {
  return yaml.parse(readFileSync(join(TEMPLATES_DIR, 'matrix.yaml'), 'utf8'));
}

/**
 * A golden-path template's files as the scaffolder's dry run takes them
 * (`directoryContents`): paths relative to the template's directory, the
 * contents base64.
 */
export function templateFiles(
  name: string,
): { path: string; base64Content: string }[] {
  const root = join(TEMPLATES_DIR, name);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter(path => statSync(join(root, path)).isFile())
    .map(path => ({
      path,
      base64Content: readFileSync(join(root, path)).toString('base64'),
    }));
}
