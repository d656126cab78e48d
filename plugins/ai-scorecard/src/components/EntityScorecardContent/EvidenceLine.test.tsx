import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { EvidenceLine } from './EvidenceLine';

describe('EvidenceLine', () => {
  it('says which fact and value was compared with what, and where and when it was read', async () => {
    await renderInTestApp(
      <EvidenceLine
        evidence={{
          fact: 'kubernetes.placement',
          path: 'spotShare',
          op: 'lte',
          expected: 0.5,
          actual: 0.75,
          outcome: 'fail',
        }}
        source={{
          source: 'kubernetes:prod-eu',
          observedAt: '2026-11-27T10:00:00Z',
        }}
      />,
    );
    expect(
      screen.getByText(
        (_, node) =>
          node?.textContent ===
          'kubernetes.placement spotShare is at most 0.5: fail (found 0.75)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/^from kubernetes:prod-eu, read /)).toBeVisible();
  });

  it('says why a fact is unknown, and shortens long values', async () => {
    const long = 'x'.repeat(200);
    await renderInTestApp(
      <>
        <EvidenceLine
          evidence={{
            fact: 'repo.files',
            path: 'runbook',
            op: 'exists',
            outcome: 'unknown',
          }}
          source={{
            source: 'url:https://git.example/chat',
            reason: 'the repository answered 404',
          }}
        />
        <EvidenceLine
          evidence={{
            fact: 'catalog.entity',
            op: 'equals',
            expected: 'short',
            actual: long,
            outcome: 'fail',
          }}
        />
      </>,
    );
    expect(
      screen.getByText(
        'the repository answered 404 · from url:https://git.example/chat',
      ),
    ).toBeInTheDocument();
    const shortened = screen.getByText(/found "x+…\)$/);
    expect(shortened.textContent!.length).toBeLessThan(200);
  });
});
