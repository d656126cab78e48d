// Writes samples as OpenMetrics text for `promtool tsdb create-blocks-from
// openmetrics`: families with their TYPE and HELP, and a histogram's
// buckets, count and sum of one label set and time as one MetricPoint.

/** `{name="value",…}` with OpenMetrics escaping. */
export function labelText(labels) {
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
  const families = new Map();
  return {
    /** A metric family; the same object for the same name. */
    family(name, type, help) {
      if (!families.has(name))
        families.set(name, { name, type, help, series: new Map() });
      return families.get(name);
    },
    /** One sample of `sampleName{labels}` at unix second `t`. */
    point(fam, sampleName, labels, t, v) {
      const key = sampleName + labelText(labels);
      let s = fam.series.get(key);
      if (!s) fam.series.set(key, (s = { sampleName, labels, points: [] }));
      s.points.push([t, v]);
    },
    text() {
      const lines = [];
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

function histogramLines(f, lines) {
  // Group the series by label set without le, then write them by time.
  const groups = new Map();
  for (const s of f.series.values()) {
    const { le: _le, ...rest } = s.labels;
    const key = labelText(rest);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(s);
  }
  const order = s =>
    s.sampleName.endsWith('_bucket')
      ? s.labels.le === '+Inf'
        ? Infinity
        : Number(s.labels.le)
      : s.sampleName.endsWith('_count')
      ? 1e12
      : 1e13;
  for (const group of groups.values()) {
    group.sort((a, b) => order(a) - order(b));
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
