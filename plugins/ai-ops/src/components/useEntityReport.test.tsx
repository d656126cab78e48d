import { useState } from 'react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AiOpsApi, aiOpsApiRef } from '../api';
import { useEntityReport } from './useEntityReport';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'chat', namespace: 'default' },
};

type Answer =
  | { status: 'ok'; figure: string }
  | { status: 'no-data'; message: string };

/** A card on the hook: shows the report's figure, with a window to change. */
function Probe(props: { nothing?: string }) {
  const [window, setWindow] = useState('7d');
  const { report, view } = useEntityReport(
    'Probe',
    (api, ref) =>
      (api as unknown as { get: (r: string) => Promise<Answer> }).get(
        `${ref.kind}:${ref.namespace}/${ref.name} ${window}`,
      ),
    [window],
    props.nothing,
  );
  if (view) return view;
  return (
    <button onClick={() => setWindow('30d')}>figure {report.figure}</button>
  );
}

async function render(
  get: (what: string) => Promise<Answer>,
  nothing?: string,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[aiOpsApiRef, { get } as unknown as AiOpsApi]]}>
      <EntityProvider entity={entity}>
        <Probe nothing={nothing} />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('useEntityReport', () => {
  it("gives the entity's report, and loads it again when the window changes", async () => {
    const get = jest.fn(async (what: string) => ({
      status: 'ok' as const,
      figure: what,
    }));
    await render(get);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'figure Component:default/chat 7d',
      }),
    );
    expect(
      await screen.findByRole('button', {
        name: 'figure Component:default/chat 30d',
      }),
    ).toBeInTheDocument();
    expect(get).toHaveBeenCalledTimes(2);
  });

  it("shows the back end's reason when there is nothing to show, or the card's own", async () => {
    const get = async () => ({
      status: 'no-data' as const,
      message: 'No series match job="chat"',
    });
    const { unmount } = await render(get);
    expect(
      await screen.findByText('No series match job="chat"'),
    ).toBeInTheDocument();
    unmount();
    await render(get, 'The team owns no AI models.');
    expect(
      await screen.findByText('The team owns no AI models.'),
    ).toBeInTheDocument();
  });

  it('says it could not load, in the error’s words, and tries again', async () => {
    let fail = true;
    await render(async () => {
      if (fail) throw new Error('socket hang up');
      return { status: 'ok', figure: 'back' };
    });
    expect(await screen.findByText(/Could not load/)).toBeInTheDocument();
    expect(screen.getByText(/socket hang up/)).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('button', { name: 'figure back' }),
    ).toBeInTheDocument();
  });
});
