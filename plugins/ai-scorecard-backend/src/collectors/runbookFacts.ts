import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_RUNBOOK } from '@ai-refarch/plugin-ai-scorecard-common';

type Manifest = Record<string, any>;

/** One alert of a PrometheusRule in the repository. */
export type RepoAlert = { alert: string; slo?: string; severity?: string };

/** `repo.alerting`: the alerts the repository's PrometheusRules define. */
export type AlertingFacts = {
  ruleFiles: number;
  alerts: RepoAlert[];
  pageAlerts: number;
  ticketAlerts: number;
};

/** The alerts of every prometheus-operator PrometheusRule among the manifests. */
export function alertingFacts(manifests: Manifest[]): AlertingFacts {
  const rules = manifests.filter(
    m =>
      m.kind === 'PrometheusRule' &&
      String(m.apiVersion ?? '').startsWith('monitoring.coreos.com/'),
  );
  const alerts: RepoAlert[] = rules.flatMap(m =>
    (Array.isArray(m.spec?.groups) ? m.spec.groups : []).flatMap(
      (g: Manifest) =>
        (Array.isArray(g?.rules) ? g.rules : [])
          .filter((r: Manifest) => typeof r?.alert === 'string')
          .map(
            (r: Manifest): RepoAlert => ({
              alert: r.alert,
              slo: typeof r.labels?.slo === 'string' ? r.labels.slo : undefined,
              severity:
                typeof r.labels?.severity === 'string'
                  ? r.labels.severity
                  : undefined,
            }),
          ),
    ),
  );
  return {
    ruleFiles: rules.length,
    alerts,
    pageAlerts: alerts.filter(a => a.severity === 'page').length,
    ticketAlerts: alerts.filter(a => a.severity === 'ticket').length,
  };
}

/** Where the entity's runbook is: a path in its repository, a URL, or nowhere. */
export function runbookLocation(
  entity: Entity,
): { path: string } | { url: string } | undefined {
  const value =
    entity.metadata.annotations?.[ANNOTATION_RUNBOOK] ??
    (typeof entity.spec?.runbook === 'string'
      ? entity.spec.runbook
      : undefined);
  if (!value) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return { url: value };
  return { path: value.replace(/^\.\//, '') };
}

/** The headings of a Markdown document, outside code fences. */
export function headings(markdown: string): string[] {
  const found: string[] = [];
  let fenced = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced) {
      const m = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
      if (m) found.push(m[1]);
    }
  }
  return found;
}

/**
 * `repo.runbook`: whether the runbook is in the repository, and which of
 * the repository's alerts it has no section for. An alert of an SLO is
 * covered by a heading that names the SLO (`slo=ttft-p95` or `ttft-p95`);
 * any other alert by a heading that names the alert.
 */
export function runbookFacts(
  path: string,
  text: string | undefined,
  alerting: AlertingFacts,
): {
  path: string;
  exists: boolean;
  sections: string[];
  missingSections: string[];
} {
  if (text === undefined) {
    return { path, exists: false, sections: [], missingSections: [] };
  }
  const sections = headings(text);
  const mentions = (word: string) =>
    sections.some(h =>
      new RegExp(
        `(^|[^A-Za-z0-9_-])${word.replace(
          /[.*+?^${}()|[\]\\]/g,
          '\\$&',
        )}($|[^A-Za-z0-9_-])`,
        'i',
      ).test(h),
    );
  const missing = new Set<string>();
  for (const a of alerting.alerts) {
    if (a.slo ? !mentions(a.slo) : !mentions(a.alert)) {
      missing.add(a.slo ? `${a.alert} (slo=${a.slo})` : a.alert);
    }
  }
  return { path, exists: true, sections, missingSections: [...missing] };
}
