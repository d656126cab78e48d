import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_REPO_NAME } from '../actions/publishLocal';

export type ChangeTarget =
  | { type: 'github' | 'gitlab'; repoUrl: string; host: string }
  | { type: 'local'; repo: string };

/**
 * Where the change that pins a serving repository is opened, from the
 * repository's URL (the Component's `backstage.io/source-location`): a pull
 * request on GitHub, a merge request on GitLab (their `repoUrl`,
 * `host?owner=…&repo=…`), or, in a development portal, a change beside the
 * locally published repository.
 */
export function changeTarget(
  sourceUrl: string,
  options: { integrations: ScmIntegrationRegistry; localRoot?: string },
): ChangeTarget {
  const field = 'service';
  if (sourceUrl.startsWith('file://')) {
    const repo =
      options.localRoot && localRepository(options.localRoot, sourceUrl);
    if (!repo) {
      throw new InputError(
        `${field}: the repository ${sourceUrl} is a local directory outside aiRefarch.localPublish.directory; a rollback opens its change in a Git host or the local publish directory`,
      );
    }
    return { type: 'local', repo };
  }
  let url: URL;
  try {
    url = new URL(sourceUrl);
  } catch {
    throw new InputError(
      `${field}: backstage.io/source-location "${sourceUrl}" is not a URL`,
    );
  }
  const type = options.integrations.byUrl(sourceUrl)?.type;
  const segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  const query = (owner: string, repo: string) =>
    `${url.host}?${new URLSearchParams({ owner, repo })}`;
  if (type === 'github' && segments.length >= 2) {
    return {
      type,
      host: url.host,
      repoUrl: query(segments[0], segments[1].replace(/\.git$/, '')),
    };
  }
  if (type === 'gitlab') {
    // group/subgroup/project/-/tree/main/…: the path before "/-/".
    const end = segments.indexOf('-');
    const path = end === -1 ? segments : segments.slice(0, end);
    if (path.length >= 2) {
      return {
        type,
        host: url.host,
        repoUrl: query(
          path.slice(0, -1).join('/'),
          path[path.length - 1].replace(/\.git$/, ''),
        ),
      };
    }
  }
  if (!type) {
    throw new InputError(
      `${field}: no SCM integration is configured for ${url.host}, where the service's repository is (${sourceUrl})`,
    );
  }
  throw new InputError(
    `${field}: the service's repository (${sourceUrl}) is on a ${type} host; a rollback opens its change as a GitHub pull request or a GitLab merge request`,
  );
}

/** The repository a file URL inside the local publish directory is in. */
function localRepository(root: string, url: string): string | undefined {
  let path: string;
  try {
    path = resolve(fileURLToPath(url));
  } catch {
    return undefined;
  }
  const inside = relative(resolve(root), path);
  if (!inside || inside.startsWith('..') || inside.startsWith(sep)) {
    return undefined;
  }
  const repo = inside.split(sep)[0];
  return LOCAL_REPO_NAME.test(repo) ? repo : undefined;
}
