// @mentions in comments: noticing one being typed, putting the picked name in, and finding
// the mentioned people in the text again.
import { describe, expect, it } from 'vitest';
import {
  insertMention,
  mentionQuery,
  mentionsIn,
  splitMentions,
  suggestPeople,
} from '../../designer/src/features/record/mentions.ts';

const ann = { id: 'u1', name: 'Ann', email: 'ann@example.com' };
const anna = { id: 'u2', name: 'Anna Berg', email: 'anna@example.com' };
const mei = { id: 'u3', name: 'Mei Lin', email: 'mei@example.com' };
const li = { id: 'u4', name: '李雷', email: 'lei@example.cn' };
const people = [ann, anna, mei, li];

describe('mentions: typing', () => {
  it('notices an @ at the start of the text or after a space, with what follows it', () => {
    expect(mentionQuery('@me', 3)).toEqual({ start: 0, query: 'me' });
    expect(mentionQuery('Ask @Mei L', 10)).toEqual({ start: 4, query: 'Mei L' });
    expect(mentionQuery('Ask @', 5)).toEqual({ start: 4, query: '' });
    expect(mentionQuery('请 @李', 4)).toEqual({ start: 2, query: '李' });
  });

  it('ignores an e-mail address, a finished line and text far from the @', () => {
    expect(mentionQuery('write to ann@example.com', 24)).toBeUndefined();
    expect(mentionQuery('@Ann\nthanks', 11)).toBeUndefined();
    expect(mentionQuery('@ and then a long sentence that is clearly not a name', 53)).toBeUndefined();
    expect(mentionQuery('no mention here', 15)).toBeUndefined();
  });

  it('suggests people whose name starts with what was typed first, then by e-mail', () => {
    expect(suggestPeople(people, 'ann').map((p) => p.id)).toEqual(['u1', 'u2']);
    expect(suggestPeople(people, 'lin').map((p) => p.id)).toEqual(['u3']);
    expect(suggestPeople(people, 'lei').map((p) => p.id)).toEqual(['u4']);
    expect(suggestPeople(people, '').length).toBe(4);
  });

  it('puts the picked name in place of what was typed, with one space after it', () => {
    expect(insertMention('Ask @me please', 4, 7, 'Mei Lin')).toEqual({
      text: 'Ask @Mei Lin please',
      caret: 13,
    });
    expect(insertMention('Ask @me', 4, 7, 'Mei Lin')).toEqual({ text: 'Ask @Mei Lin ', caret: 13 });
  });
});

describe('mentions: reading them back', () => {
  it('finds each mentioned person once, preferring the longest name', () => {
    expect(mentionsIn('@Anna Berg and @Ann, see @Anna Berg', people)).toEqual(['u2', 'u1']);
    expect(mentionsIn('@李雷 请看一下', people)).toEqual(['u4']);
  });

  it('does not take a longer word or an e-mail address for a mention', () => {
    expect(mentionsIn('@Annabel was here', people)).toEqual([]);
    expect(mentionsIn('mail mei@Mei Lin.example', people)).toEqual([]);
  });

  it('cuts the text into plain runs and mentions', () => {
    expect(splitMentions('Hi @Mei Lin, call me', people)).toEqual([
      { text: 'Hi ' },
      { text: '@Mei Lin', person: mei },
      { text: ', call me' },
    ]);
  });
});
