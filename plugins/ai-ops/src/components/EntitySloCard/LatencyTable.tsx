import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { LatencyReport } from '@ai-refarch/plugin-ai-ops-common';
import { aiOpsTranslationRef } from '../../translation';

/** Seconds as a reader takes them in: milliseconds under a second. */
export function formatLatency(seconds: number | null): string {
  if (seconds === null) return '–';
  return seconds < 1
    ? `${Math.round(seconds * 1000)} ms`
    : `${seconds.toFixed(2)} s`;
}

/**
 * The bucket bounds around the percentiles shown (with "…" where more
 * bounds lie beyond), which say how exact the interpolated figures are.
 */
export function boundsAround(buckets: number[], values: number[]): string {
  if (!values.length || !buckets.length) return buckets.join(', ');
  const low = Math.min(...values);
  const high = Math.max(...values);
  let from = buckets.findLastIndex(b => b <= low);
  let to = buckets.findIndex(b => b >= high);
  if (from < 0) from = 0;
  if (to < 0) to = buckets.length - 1;
  return [
    ...(from > 0 ? ['…'] : []),
    ...buckets.slice(from, to + 1),
    ...(to < buckets.length - 1 ? ['…'] : []),
  ].join(', ');
}

/**
 * Time to first token and inter-token latency as the 50th, 95th and 99th
 * percentiles, beside the SLOs' fractions; a runtime without the histogram
 * says so rather than showing no data.
 */
export function LatencyTable(props: { latency: LatencyReport[] }) {
  const { latency } = props;
  const { t } = useTranslationRef(aiOpsTranslationRef);
  if (!latency.length) return null;
  const name = (l: LatencyReport) =>
    l.indicator === 'ttft' ? t('latency.ttft') : t('latency.interTokenLatency');
  const windowName = (w: LatencyReport['windows'][number]['window']) =>
    w === '1h' ? t('latency.lastHour') : t('latency.lastDay');
  const shown = latency.filter(l => l.state === 'ok');
  return (
    <>
      <Table size="small" aria-label={t('latency.label')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('latency.latency')}</TableCell>
            <TableCell align="right">p50</TableCell>
            <TableCell align="right">p95</TableCell>
            <TableCell align="right">p99</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {latency.flatMap(l =>
            l.state === 'ok'
              ? l.windows.map(w => (
                  <TableRow key={`${l.indicator}/${w.window}`}>
                    <TableCell>
                      {t('latency.row', {
                        name: name(l),
                        window: windowName(w.window),
                      })}
                    </TableCell>
                    <TableCell align="right">{formatLatency(w.p50)}</TableCell>
                    <TableCell align="right">{formatLatency(w.p95)}</TableCell>
                    <TableCell align="right">{formatLatency(w.p99)}</TableCell>
                  </TableRow>
                ))
              : [
                  <TableRow key={l.indicator}>
                    <TableCell>{name(l)}</TableCell>
                    <TableCell colSpan={3}>
                      <Typography variant="body2" color="textSecondary">
                        {l.state === 'no-histogram'
                          ? t('latency.notExported', { reason: l.reason ?? '' })
                          : t('latency.noData', { reason: l.reason ?? '' })}
                      </Typography>
                    </TableCell>
                  </TableRow>,
                ],
          )}
        </TableBody>
      </Table>
      {shown.map(l => (
        <Typography
          key={l.indicator}
          variant="caption"
          color="textSecondary"
          component="p"
        >
          {t('latency.source', {
            name: name(l),
            metric: <code>{l.metric}</code>,
            bounds: boundsAround(
              l.buckets,
              l.windows.flatMap(w =>
                [w.p50, w.p95, w.p99].filter((v): v is number => v !== null),
              ),
            ),
          })}
        </Typography>
      ))}
    </>
  );
}
