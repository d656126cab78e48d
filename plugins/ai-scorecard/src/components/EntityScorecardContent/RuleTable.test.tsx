import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { Button } from '@material-ui/core';
import {
  EntityScorecard,
  Facts,
  scoreEntity,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { chatService, ruleSet } from '../../__testUtils__/scorecardApi';
import { RuleTable } from './RuleTable';

const rules = new Map(ruleSet.rules.map(r => [r.id, r]));

function grade(entity = chatService, facts: Facts = {}): EntityScorecard {
  return scoreEntity(
    'component:default/chat',
    entity,
    ruleSet.rules,
    {
      'catalog.entity': {
        value: entity,
        source: 'catalog:component:default/chat',
        observedAt: '2026-11-27T10:00:00Z',
      },
      ...facts,
    },
    [],
  );
}

const rowOf = async (title: string) =>
  (await screen.findByText(title)).closest('tr')!;

describe('RuleTable', () => {
  it('shows what needs attention first, then the applicable rules, then all', async () => {
    const scorecard = grade();
    await renderInTestApp(
      <RuleTable scorecard={scorecard} rules={rules} action={() => null} />,
    );
    const statuses = () =>
      screen
        .getAllByRole('row')
        .slice(1)
        .map(r => r.querySelector('td')?.textContent)
        .filter(Boolean);
    const count = (status: string) =>
      scorecard.results.filter(r => r.status === status).length;

    expect(new Set(statuses())).toEqual(new Set(['Fail', 'Unknown']));
    expect(statuses()).toHaveLength(count('fail') + count('unknown'));

    await userEvent.click(
      screen.getByRole('button', { name: 'All applicable' }),
    );
    expect(statuses()).toHaveLength(
      count('fail') + count('unknown') + count('pass'),
    );
    expect(statuses()).toContain('Pass');

    await userEvent.click(screen.getByRole('button', { name: 'All rules' }));
    expect(statuses()).toHaveLength(scorecard.results.length);
    expect(screen.getAllByText('Does not apply to this entity').length).toBe(
      count('not-applicable'),
    );
  });

  it('names each chapter with its score, and says when nothing needs attention', async () => {
    const scorecard = grade();
    const passing = {
      ...scorecard,
      results: scorecard.results.filter(
        r => r.status === 'pass' || r.status === 'not-applicable',
      ),
    };
    await renderInTestApp(
      <RuleTable scorecard={passing} rules={rules} action={() => null} />,
    );
    expect(
      screen.getByText('Nothing to show: every applicable rule passes.'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'All applicable' }),
    );
    const chapter = scorecard.chapters.find(
      c =>
        c.score !== null &&
        passing.results.some(
          r => r.chapter === c.chapter && r.status === 'pass',
        ),
    )!;
    expect(
      screen.getAllByText(`· ${chapter.score} / 100`).length,
    ).toBeGreaterThan(0);
    expect(screen.getAllByRole('table')[0].getAttribute('aria-label')).toMatch(
      / rules$/,
    );
  });

  it('tells how to fix a failing rule, with its golden path, and puts the row action beside it', async () => {
    const scorecard = grade();
    const failing = scorecard.results.find(
      r => r.status === 'fail' && rules.get(r.ruleId)?.remediation.template,
    )!;
    const rule = rules.get(failing.ruleId)!;
    await renderInTestApp(
      <RuleTable
        scorecard={scorecard}
        rules={rules}
        action={r =>
          r.ruleId === failing.ruleId ? <Button>Waive</Button> : null
        }
      />,
    );
    const row = await rowOf(rule.title);
    expect(
      within(row).getByText(rule.remediation.text, { exact: false }),
    ).toBeInTheDocument();
    expect(
      within(row)
        .getByRole('link', { name: new RegExp(rule.remediation.template!) })
        .getAttribute('href'),
    ).toBe(`/create/templates/default/${rule.remediation.template}`);
    expect(screen.getAllByRole('button', { name: 'Waive' })).toHaveLength(1);
    expect(within(row).getByRole('button', { name: 'Waive' })).toBeVisible();
  });

  it('shows what the catalog declares next to what the cluster runs', async () => {
    const at = 'prod-eu/serving/Deployment/chat';
    await renderInTestApp(
      <RuleTable
        scorecard={grade(chatService, {
          'kubernetes.drift': {
            value: {
              serving: [],
              engine: [
                {
                  field: 'maxModelLen',
                  declared: 8192,
                  declaredIn:
                    'aimodel:default/llama spec.serving.engine.maxModelLen',
                  observed: 4096,
                  observedIn: at,
                },
              ],
            },
            source: 'kubernetes:prod-eu',
            observedAt: '2026-11-27T10:00:00Z',
          },
        })}
        rules={rules}
        action={() => null}
      />,
    );
    const row = await rowOf(
      'The engine runs with the settings the model declares',
    );
    expect(within(row).getByText('Fail')).toBeInTheDocument();
    const drift = within(row).getByRole('table', {
      name: 'Declared and observed',
    });
    const cells = within(drift).getAllByRole('row')[1].querySelectorAll('td');
    expect([...cells].map(c => c.textContent)).toEqual([
      'maxModelLen',
      '8192aimodel:default/llama spec.serving.engine.maxModelLen',
      `4096${at}`,
    ]);
    expect(
      within(row).getByText(/from kubernetes:prod-eu, read/),
    ).toBeInTheDocument();
  });

  it('says when the pods run the rollback version', async () => {
    const at =
      'prod-eu/serving/Deployment/chat pod annotation ai-refarch.io/model-version';
    await renderInTestApp(
      <RuleTable
        scorecard={grade(chatService, {
          'kubernetes.drift': {
            value: {
              serving: [],
              engine: [],
              model: [
                {
                  field: 'model version',
                  declared: '3',
                  declaredIn: 'aimodel:default/llama spec.version',
                  observed: '2',
                  observedIn: at,
                  note: 'the rollback version (spec.rollbackVersion)',
                },
              ],
            },
            source: 'kubernetes:prod-eu',
            observedAt: '2026-11-27T10:00:00Z',
          },
        })}
        rules={rules}
        action={() => null}
      />,
    );
    const row = await rowOf(
      "The serving pods say which model version and weights they run, and it is the catalog's",
    );
    expect(within(row).getByText('Fail')).toBeInTheDocument();
    const drift = within(row).getByRole('table', {
      name: 'Declared and observed',
    });
    const cells = within(drift).getAllByRole('row')[1].querySelectorAll('td');
    expect([...cells].map(c => c.textContent)).toEqual([
      'model version',
      '3aimodel:default/llama spec.version',
      `2the rollback version (spec.rollbackVersion)${at}`,
    ]);
  });

  it("shows the threshold a rule was graded at, and why the entity's own was refused", async () => {
    const spot = 'gpu-cluster-topology.spot-share';
    const lax = {
      ...chatService,
      metadata: {
        ...chatService.metadata,
        annotations: {
          ...chatService.metadata.annotations,
          [`threshold.ai-refarch.io/${spot}`]: '0.9',
        },
      },
    };
    await renderInTestApp(
      <RuleTable
        scorecard={grade(lax, {
          'kubernetes.placement': {
            value: { zones: 2, spotShare: 0.75 },
            source: 'kubernetes:prod-eu',
            observedAt: '2026-11-27T10:00:00Z',
          },
        })}
        rules={rules}
        action={() => null}
      />,
    );
    const row = await rowOf(
      'Production serving keeps at most half of its replicas on spot capacity',
    );
    expect(within(row).getByText('Fail')).toBeInTheDocument();
    expect(
      within(row).getByText(/threshold 0\.5 \(the platform's\)/),
    ).toBeInTheDocument();
    expect(
      within(row).getByText(
        `threshold.ai-refarch.io/${spot}: 0.9 is outside 0–0.5, the range the platform allows; graded at the platform's 0.5`,
      ),
    ).toBeInTheDocument();
  });
});
