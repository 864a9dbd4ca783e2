/**
 * Labels the model writes for nodes whose name is a long text (progress updates and
 * commitments): the text cut to 80 characters with an ellipsis, on fictional texts.
 */
import { describe, expect, it } from 'vitest';
import { NODE_TYPES } from '../../functions/core/model.js';

const progressLabel = (text: string) => NODE_TYPES.ProgressUpdate.label({ asAt: '2021-09', text });
const commitmentLabel = (text: string) => NODE_TYPES.Commitment.label({ dueText: 'by March', text });

describe('labels of long texts', () => {
  const eighty = `${'Fictional patrols began in the town centre and continued every week'.padEnd(79, '.')}!`;

  it('keep a text of 80 characters whole', () => {
    expect(eighty).toHaveLength(80);
    expect(progressLabel(eighty)).toBe(`Progress as at 2021-09: ${eighty}`);
    expect(commitmentLabel(eighty)).toBe(`Commitment due by March: ${eighty}`);
  });

  it('cut a longer text to 79 characters and an ellipsis, with no space before it', () => {
    expect(progressLabel(`${eighty}?`)).toBe(`Progress as at 2021-09: ${eighty.slice(0, 79)}…`);
    const spaced = `${'a'.repeat(77)}  b and more fictional words`;
    expect(progressLabel(spaced)).toBe(`Progress as at 2021-09: ${'a'.repeat(77)}…`);
    expect(commitmentLabel(`  ${'b'.repeat(90)}`)).toBe(`Commitment due by March:   ${'b'.repeat(77)}…`);
  });

  it('say when an undated update was reported by', () => {
    expect(NODE_TYPES.ProgressUpdate.label({ notLaterThan: '2021-10', text: 'Fictional note' })).toBe('Progress undated, reported by 2021-10: Fictional note');
  });
});
