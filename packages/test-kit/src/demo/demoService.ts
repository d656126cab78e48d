import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonObject } from '@backstage/types';

/** A demo data source that runs beside the dev portal, and the config that reads it. */
export type DemoService = {
  url: string;
  /** An app-config file that points the portal at it, marked `demo: true`. */
  configFile: string;
  stop(): Promise<void>;
};

/**
 * Writes `config` to `app-config.<name>.json` in a directory of its own, and
 * returns the demo service that removes it when it stops.
 */
export function demoService(
  name: string,
  server: { url: string; close(): Promise<void> | void },
  config: JsonObject,
): DemoService {
  const dir = mkdtempSync(join(tmpdir(), `ai-refarch-${name}-`));
  const configFile = join(dir, `app-config.${name}.json`);
  writeFileSync(configFile, JSON.stringify(config));
  return {
    url: server.url,
    configFile,
    stop: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
