import { CHAPTERS } from '@ai-refarch/plugin-ai-scorecard-common';
import { AiScorecardApi, OverviewQuery, ScorecardSummary } from '../../api';

const header = [
  'entity',
  'kind',
  'owner',
  'grade',
  'score',
  'coverage',
  ...CHAPTERS.map(c => c.id),
];

const columns = (row: ScorecardSummary) => [
  row.entityRef,
  row.kind,
  row.owner ?? '',
  row.grade ?? '',
  row.score === null ? '' : String(row.score),
  row.coverage === null ? '' : String(row.coverage),
  ...CHAPTERS.map(c => row.chapters[c.id] ?? ''),
];

const lines = (rows: string[]) => `${rows.join('\n')}\n`;

/** RFC 4180 CSV of the review rows. */
export function toCsv(rows: ScorecardSummary[]): string {
  const cell = (v: string) =>
    /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  return lines([header, ...rows.map(columns)].map(r => r.map(cell).join(',')));
}

/** A Markdown table of the review rows, for an architecture review document. */
export function toMarkdown(rows: ScorecardSummary[]): string {
  const line = (r: string[]) =>
    `| ${r.map(v => v.replace(/\|/g, '\\|')).join(' | ')} |`;
  return lines([
    line(header),
    line(header.map(() => '---')),
    ...rows.map(r => line(columns(r))),
  ]);
}

/** Every row the filters select, page by page, for the review document. */
export async function allRows(
  api: AiScorecardApi,
  filters: OverviewQuery,
): Promise<ScorecardSummary[]> {
  const all: ScorecardSummary[] = [];
  for (let p = 1; ; p++) {
    const { items, total } = await api.getOverview({
      ...filters,
      page: p,
      pageSize: 200,
      sort: 'score',
      order: 'asc',
    });
    all.push(...items);
    if (all.length >= total || items.length === 0) return all;
  }
}
