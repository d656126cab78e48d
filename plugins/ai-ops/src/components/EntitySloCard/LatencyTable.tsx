import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { LatencyReport } from '@ai-refarch/plugin-ai-ops-common';

const NAMES: Record<LatencyReport['indicator'], string> = {
  ttft: 'Time to first token',
  'inter-token-latency': 'Inter-token latency',
};

const WINDOWS: Record<LatencyReport['windows'][number]['window'], string> = {
  '1h': 'last hour',
  '1d': 'last day',
};

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
  if (!latency.length) return null;
  const shown = latency.filter(l => l.state === 'ok');
  return (
    <>
      <Table size="small" aria-label="Latency percentiles">
        <TableHead>
          <TableRow>
            <TableCell>Latency</TableCell>
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
                      {NAMES[l.indicator]}, {WINDOWS[w.window]}
                    </TableCell>
                    <TableCell align="right">{formatLatency(w.p50)}</TableCell>
                    <TableCell align="right">{formatLatency(w.p95)}</TableCell>
                    <TableCell align="right">{formatLatency(w.p99)}</TableCell>
                  </TableRow>
                ))
              : [
                  <TableRow key={l.indicator}>
                    <TableCell>{NAMES[l.indicator]}</TableCell>
                    <TableCell colSpan={3}>
                      <Typography variant="body2" color="textSecondary">
                        {l.state === 'no-histogram'
                          ? 'Not exported'
                          : 'No data'}
                        : {l.reason}
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
          {NAMES[l.indicator]} from <code>{l.metric}</code>, interpolated within
          its bucket bounds in seconds (
          {boundsAround(
            l.buckets,
            l.windows.flatMap(w =>
              [w.p50, w.p95, w.p99].filter((v): v is number => v !== null),
            ),
          )}
          ): each percentile is only as exact as the bounds around it.
        </Typography>
      ))}
    </>
  );
}
