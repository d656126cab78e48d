// Writes samples as OpenMetrics text for `promtool tsdb create-blocks-from
// openmetrics`: families with their TYPE and HELP, and a histogram's
// buckets, count and sum of one label set and time as one MetricPoint.

/** `{name="value",…}` with OpenMetrics escaping. */
/** Label name to value. */
export type SampleLabels = Record<string, string | number>;

type Series = {
  sampleName: string;
  labels: SampleLabels;
  points: Array<[number, number]>;
};

/** A metric family and its series, by sample name and labels. */
export type MetricFamily = {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  help: string;
  series: Map<string, Series>;
};

/** Collects samples and writes them as one OpenMetrics exposition. */
export type OpenMetricsWriter = ReturnType<typeof openMetricsWriter>;

export function labelText(labels: SampleLabels): string {
  return `{${Object.entries(labels)
    .map(
      ([k, v]) =>
        `${k}="${String(v)
          .replace(/\\/g, '\\\\')
          .replace(/"/g, '\\"')
          .replace(/\n/g, '\\n')}"`,
    )
    .join(',')}}`;
}

export function openMetricsWriter() {
  const families = new Map<string, MetricFamily>();
  return {
    /** A metric family; the same object for the same name. */
    family(name: string, type: MetricFamily['type'], help: string) {
      let fam = families.get(name);
      if (!fam)
        families.set(name, (fam = { name, type, help, series: new Map() }));
      return fam;
    },
    /** One sample of `sampleName{labels}` at unix second `t`. */
    point(
      fam: MetricFamily,
      sampleName: string,
      labels: SampleLabels,
      t: number,
      v: number,
    ) {
      const key = sampleName + labelText(labels);
      let s = fam.series.get(key);
      if (!s) fam.series.set(key, (s = { sampleName, labels, points: [] }));
      s.points.push([t, v]);
    },
    text() {
      const lines: string[] = [];
      for (const f of families.values()) {
        lines.push(`# TYPE ${f.name} ${f.type}`, `# HELP ${f.name} ${f.help}`);
        if (f.type === 'histogram') histogramLines(f, lines);
        else {
          for (const s of f.series.values()) {
            for (const [t, v] of s.points)
              lines.push(`${s.sampleName}${labelText(s.labels)} ${v} ${t}`);
          }
        }
      }
      lines.push('# EOF');
      return `${lines.join('\n')}\n`;
    },
  };
}

function histogramLines(f: MetricFamily, lines: string[]) {
  // Group the series by label set without le, then write them by time.
  const groups = new Map<string, Series[]>();
  for (const s of f.series.values()) {
    const { le: _le, ...rest } = s.labels;
    const key = labelText(rest);
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  // A label set's buckets by bound (+Inf last), then its count, then its
  // sum, as the OpenMetrics exposition orders a histogram's MetricPoint.
  const kind = (s: Series) =>
    ['_bucket', '_count', '_sum'].findIndex(suffix =>
      s.sampleName.endsWith(suffix),
    );
  const bound = (s: Series) =>
    s.labels.le === '+Inf' ? Infinity : Number(s.labels.le ?? 0);
  for (const group of groups.values()) {
    group.sort((a, b) => kind(a) - kind(b) || bound(a) - bound(b));
    for (let j = 0; j < group[0].points.length; j++) {
      for (const s of group) {
        lines.push(
          `${s.sampleName}${labelText(s.labels)} ${s.points[j][1]} ${
            s.points[j][0]
          }`,
        );
      }
    }
  }
}
