import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createServiceFactory,
  coreServices,
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
} from '@backstage/backend-plugin-api';
import {
  ReadTreeResponseFactory,
  ReadUrlResponseFactory,
  urlReaderFactoriesServiceRef,
} from '@backstage/backend-defaults/urlReader';
import { NotFoundError, NotImplementedError } from '@backstage/errors';

/**
 * Reads `file://` URLs inside the golden paths' local publish directory
 * (`aiRefarch.localPublish.directory`), and nothing else, so that what
 * `ai-refarch:publish:local` publishes can be read like a repository — by
 * the scorecard's repository collector, for one. Development only: without
 * that config it reads nothing.
 */
export class LocalPublishUrlReader implements UrlReaderService {
  constructor(
    private readonly root: string,
    private readonly treeResponseFactory: ReadTreeResponseFactory,
  ) {}

  /** The path of a URL inside the publish directory, or undefined. */
  static pathOf(root: string, url: string): string | undefined {
    if (!url.startsWith('file://')) return undefined;
    const path = resolve(fileURLToPath(url));
    return path === root || path.startsWith(root + sep) ? path : undefined;
  }

  private path(url: string): string {
    const path = LocalPublishUrlReader.pathOf(this.root, url);
    if (!path) throw new NotFoundError(`${url} is outside ${this.root}`);
    return path;
  }

  async readUrl(url: string) {
    const path = this.path(url);
    try {
      return ReadUrlResponseFactory.fromReadable(createReadStream(path), {
        lastModifiedAt: (await stat(path)).mtime,
      });
    } catch {
      throw new NotFoundError(`${url} does not exist`);
    }
  }

  async readTree(url: string, options?: UrlReaderServiceReadTreeOptions) {
    const dir = this.path(url);
    const files: { path: string; full: string }[] = [];
    const walk = async (d: string) => {
      for (const entry of await readdir(d, { withFileTypes: true })) {
        const full = join(d, entry.name);
        if (entry.isDirectory()) await walk(full);
        else files.push({ path: relative(dir, full), full });
      }
    };
    try {
      await walk(dir);
    } catch {
      throw new NotFoundError(`${url} is not a directory`);
    }
    return this.treeResponseFactory.fromReadableArray(
      files
        .filter(f => !options?.filter || options.filter(f.path))
        .map(f => ({ path: f.path, data: createReadStream(f.full) })),
    );
  }

  async search(): Promise<never> {
    throw new NotImplementedError('search is not implemented for local files');
  }
}

export const localPublishUrlReaderFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: { config: coreServices.rootConfig },
  async factory({ config }) {
    const directory = config.getOptionalString(
      'aiRefarch.localPublish.directory',
    );
    return ({ treeResponseFactory }) => {
      if (!directory) return [];
      const root = resolve(directory);
      const reader = new LocalPublishUrlReader(root, treeResponseFactory);
      return [
        {
          reader,
          predicate: (url: URL) =>
            LocalPublishUrlReader.pathOf(root, url.toString()) !== undefined,
        },
      ];
    };
  },
});
