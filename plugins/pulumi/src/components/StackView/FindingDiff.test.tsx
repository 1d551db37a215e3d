import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeFinding } from '../../__testUtils__/fixtures';
import { FindingDiff } from './FindingDiff';

const EXPLANATION =
  "The code's inputs differ from the real state; restore to re-apply them.";

/** The header and cells of the finding's table, row by row, without the ignore column. */
function rows(name: string): string[][] {
  const table = screen.getByRole('table', { name: `drift of ${name}` });
  return within(table)
    .getAllByRole('row')
    .map(row =>
      [
        ...within(row).queryAllByRole('columnheader'),
        ...within(row).queryAllByRole('cell'),
      ]
        .slice(0, 3)
        .map(cell => cell.textContent ?? ''),
    );
}

describe('FindingDiff', () => {
  it('explains a finding whose only differences are inputs, against the real state', async () => {
    await renderInTestApp(
      <FindingDiff
        finding={makeFinding({
          name: 'doc-array',
          properties: [
            {
              path: 'ports[1]',
              expected: 8443,
              actual: 9443,
              source: 'inputs',
            },
          ],
        })}
      />,
    );
    expect(screen.getByText(EXPLANATION)).toBeInTheDocument();
    expect(rows('doc-array')).toEqual([
      ['Property', "Expected (code's inputs)", 'Actual'],
      ['ports[1]', '8443', '9443'],
    ]);
  });

  it('says nothing of inputs when the outputs differ', async () => {
    await renderInTestApp(
      <FindingDiff
        finding={makeFinding({
          properties: [
            { path: 'tags.team', expected: 'web', actual: 'ops' },
            {
              path: 'acl',
              expected: 'private',
              actual: 'public',
              source: 'outputs',
            },
          ],
        })}
      />,
    );
    expect(screen.queryByText(EXPLANATION)).toBeNull();
    expect(rows('site')[0]).toEqual([
      'Property',
      'Expected (Pulumi state)',
      'Actual',
    ]);
    expect(screen.getByText(/changed outside Pulumi/)).toBeInTheDocument();
  });

  it('offers to ignore each property not ignored yet', async () => {
    const onIgnore = jest.fn();
    const finding = makeFinding({
      properties: [
        { path: 'content', expected: 'a', actual: 'b', source: 'inputs' },
        {
          path: 'mode',
          expected: 1,
          actual: 2,
          source: 'inputs',
          ignored: true,
        },
      ],
    });
    await renderInTestApp(
      <FindingDiff finding={finding} onIgnore={onIgnore} />,
    );
    const buttons = screen.getAllByRole('button', { name: 'Ignore' });
    expect(buttons).toHaveLength(1);
    await userEvent.click(buttons[0]);
    expect(onIgnore).toHaveBeenCalledWith(finding, 'content');
  });
});
