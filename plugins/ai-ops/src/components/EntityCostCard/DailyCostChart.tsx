import { Box, Theme, Typography, useTheme } from '@material-ui/core';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { CostReport } from '@ai-refarch/plugin-ai-ops-common';
import { aiOpsTranslationRef } from '../../translation';

/**
 * The tenants' series in the daily chart: distinct hues of the theme's own
 * palette, so that they follow the light and dark themes; the legend and
 * the tenant table name them.
 */
const seriesColours = (theme: Theme) => [
  theme.palette.primary.main,
  theme.palette.secondary.main,
  theme.palette.info.main,
  theme.palette.warning.main,
  theme.palette.success.main,
  theme.palette.grey[500],
];

/** The cost per day, stacked by tenant where tenants are known. */
export function DailyCostChart(props: {
  cost: CostReport;
  money: (n: number) => string;
}) {
  const { cost: c, money } = props;
  const theme = useTheme();
  const colours = seriesColours(theme);
  const { t } = useTranslationRef(aiOpsTranslationRef);
  const tenants = c.tenants.map(row => row.tenant);
  const data = c.daily.map(d => ({
    day: d.day.slice(5),
    ...(tenants.length
      ? Object.fromEntries(
          tenants.map(name => [
            name,
            Number((d.byTenant[name] ?? 0).toFixed(2)),
          ]),
        )
      : { cost: Number(d.total.toFixed(2)) }),
  }));
  // The chart's text alternative; the tenant table has the split.
  const highest = c.daily.reduce(
    (a, d) => (d.total > a.total ? d : a),
    c.daily[0] ?? { day: '', total: 0 },
  );
  const summary = t('cost.dailySummary', {
    first: c.daily[0]?.day ?? '',
    last: c.daily[c.daily.length - 1]?.day ?? '',
    highest: money(highest.total),
    highestDay: highest.day,
    latest: money(c.daily[c.daily.length - 1]?.total ?? 0),
  });
  return (
    <Box mt={2}>
      <Typography variant="subtitle2">
        {tenants.length ? t('cost.dailyByTenant') : t('cost.daily')}
      </Typography>
      <Box role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} margin={{ top: 8, right: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} />
            <Tooltip formatter={(v: number) => money(v)} />
            {tenants.length > 1 && <Legend />}
            {(tenants.length ? tenants : ['cost']).map((key, i) => (
              <Bar
                key={key}
                dataKey={key}
                stackId="cost"
                fill={colours[i % colours.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </Box>
    </Box>
  );
}
