import { toCsv, toMarkdown } from './exportRows';
import { ScorecardSummary } from '../../api';

const row: ScorecardSummary = {
  entityRef: 'component:default/chat, "beta"',
  kind: 'component',
  title: 'Chat',
  owner: 'group:default/ml-platform',
  system: null,
  score: 72.5,
  coverage: 81.3,
  grade: 'C',
  chapters: {
    'gpu-cluster-topology': 'A',
    'serving-runtime': 'F',
    'mlops-platform': 'Incomplete',
    'llm-observability': 'B',
    'rag-infrastructure': null,
    'cost-discipline': 'C',
    'security-compliance': null,
    'on-call-incidents': 'D',
  },
  computedAt: '2026-11-27T10:00:00Z',
};

describe('review export', () => {
  it('writes CSV with a header and quoted cells', () => {
    expect(toCsv([row])).toBe(
      'entity,kind,owner,grade,score,coverage,gpu-cluster-topology,serving-runtime,mlops-platform,llm-observability,rag-infrastructure,cost-discipline,security-compliance,on-call-incidents\n' +
        '"component:default/chat, ""beta""",component,group:default/ml-platform,C,72.5,81.3,A,F,Incomplete,B,,C,,D\n',
    );
  });

  it('writes a Markdown table', () => {
    const lines = toMarkdown([{ ...row, entityRef: 'component:default/a|b' }])
      .trim()
      .split('\n');
    expect(lines[1]).toBe(`| ${Array(14).fill('---').join(' | ')} |`);
    expect(lines[2]).toBe(
      '| component:default/a\\|b | component | group:default/ml-platform | C | 72.5 | 81.3 | A | F | Incomplete | B |  | C |  | D |',
    );
  });
});
