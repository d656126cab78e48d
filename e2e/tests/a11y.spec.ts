import { readFileSync } from 'node:fs';
import { Page } from '@playwright/test';
import { test, expect, signInAsGuest, screenshot } from './fixtures';

/*
 * axe-core (WCAG 2.1 A and AA) on each of the suite's pages, in Backstage's
 * light and dark themes. A serious or critical violation in the suite's own
 * components fails the test; those in Backstage's shared components are
 * listed in the log (see SHARED).
 */
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

type Node = { target: string[]; html: string };
type Violation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: Node[];
};

/**
 * Violations that belong to Backstage's own components: the sortable
 * headers of its shared Table (material-table puts a button inside the
 * header cell), which /catalog and /api-docs have too, the tabs of the
 * scaffolder's page header (Backstage UI), on every template form, and the
 * secondary text of Backstage UI's cards in the dark theme (the group
 * profile card's description). The suite's components do not use Backstage
 * UI's Text.
 */
const SHARED = (v: Violation, n: Node) =>
  (v.id === 'nested-interactive' && /MuiTableSortLabel-root/.test(n.html)) ||
  (v.id === 'aria-valid-attr-value' && /class="bui-Tab /.test(n.html)) ||
  (v.id === 'color-contrast' && /class="bui-Text /.test(n.html));

async function violations(page: Page): Promise<Violation[]> {
  // Through the DevTools protocol: the portal's CSP refuses inline scripts.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
      },
      resultTypes: ['violations'],
    });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => ({
        target: n.target,
        html: n.html.slice(0, 200),
      })),
    }));
  });
}

const PAGES: { path: string; ready: string; exact?: boolean }[] = [
  { path: '/ai-models', ready: 'Data classification' },
  { path: '/architecture-review', ready: 'Worst offenders' },
  {
    path: '/catalog/default/aimodel/llama-3-1-8b-instruct',
    ready: 'Architecture scorecard',
  },
  {
    path: '/catalog/default/component/vllm-chat',
    ready: 'Architecture scorecard',
  },
  {
    path: '/catalog/default/component/support-assistant/scorecard',
    ready: 'Rules',
    exact: true,
  },
  { path: '/create/templates/default/llm-serving', ready: 'LLM serving' },
  {
    path: '/catalog/default/group/ml-platform',
    ready: 'The team’s AI models',
  },
];

for (const theme of ['light', 'dark']) {
  test(`the suite's pages have no serious or critical accessibility violation (${theme} theme)`, async ({
    page,
  }) => {
    test.setTimeout(300_000);
    // Backstage keeps the chosen theme in local storage.
    await page.addInitScript(t => localStorage.setItem('theme', t), theme);
    await signInAsGuest(page);
    const own: string[] = [];
    for (const { path, ready, exact } of PAGES) {
      await expect(async () => {
        await page.goto(path);
        await expect(
          page.getByText(ready, { exact: exact ?? false }).first(),
        ).toBeVisible({ timeout: 5000 });
      }).toPass({ timeout: 90_000 });
      await page.waitForLoadState('networkidle');
      for (const v of await violations(page)) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        for (const n of v.nodes) {
          const line = `${theme} ${path}: ${v.impact} ${v.id} (${
            v.help
          }) at ${n.target.join(' ')}: ${n.html}`;
          if (SHARED(v, n)) console.log(`Backstage's own: ${line}`);
          else own.push(line);
        }
      }
      if (path.endsWith('/scorecard')) {
        await screenshot(page, `entity-scorecard-tab-${theme}`);
      }
    }
    expect(own).toEqual([]);
  });
}
