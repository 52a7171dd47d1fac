import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { plannedDirection } from '../../src/core/directions/direction';
import { learningsMessages, parseLearnings } from '../../src/core/directions/learnings';
import { parseProposals, proposalMessages } from '../../src/core/directions/proposals';
import { LlmError } from '../../src/core/errors';
import { iterationRecord } from '../helpers/iterationRecord';

describe('direction proposals', () => {
  test('the prompt carries the task, data, digest, what to avoid and how many to propose', () => {
    const { system, messages } = proposalMessages({
      taskMarkdown: '# Titanic\nPredict Survived.',
      dataSample: 'train.csv: 891 rows',
      digest: '### Cabin features (done, 3 iterations)\nBest: CV 0.83.',
      count: 3,
      avoid: ['Cabin features', 'Stacking'],
    });
    assert.match(system, /```json/);
    assert.match(system, /feature engineering, model family, hyperparameter tuning, ensembling/);
    const prompt = messages[0]!.content;
    for (const part of ['Predict Survived.', 'train.csv: 891 rows', '### Cabin features', '- Cabin features\n- Stacking', 'the next 3 research directions']) {
      assert.ok(prompt.includes(part), part);
    }
    const first = proposalMessages({ taskMarkdown: 't', dataSample: 'd', digest: '', count: 1, avoid: [] }).messages[0]!.content;
    assert.match(first, /None yet/);
    assert.match(first, /the next research direction,/);
    assert.doesNotMatch(first, /Already tried/);
  });

  test('parses a fenced JSON array with prose around it', () => {
    const reply = 'Here are my ideas:\n\n```json\n[\n  {"title": "CatBoost tuning", "rationale": "Native categoricals."},\n  {"title": "Stacking", "rationale": "Blend LGBM and LR."}\n]\n```\nGood luck!';
    assert.deepEqual(parseProposals(reply), [
      { title: 'CatBoost tuning', rationale: 'Native categoricals.' },
      { title: 'Stacking', rationale: 'Blend LGBM and LR.' },
    ]);
  });

  test('parses a bare JSON array, a {"directions": [...]} object and loose key names', () => {
    assert.deepEqual(parseProposals('[{"title":"A","rationale":"r"}]'), [{ title: 'A', rationale: 'r' }]);
    assert.deepEqual(parseProposals('Sure. [{"name": "B", "description": "d"}, "C"] Done.'), [
      { title: 'B', rationale: 'd' },
      { title: 'C', rationale: '' },
    ]);
    assert.deepEqual(parseProposals('```\n{"directions": [{"title": "D", "reason": "why"}]}\n```'), [{ title: 'D', rationale: 'why' }]);
  });

  test('parses a markdown list of titled items, with continuation lines', () => {
    const reply = [
      'I propose:',
      '',
      '- **Target encoding**: encode high-cardinality columns',
      '  with out-of-fold means.',
      '- **Cabin deck:** split the cabin letter off.',
      '1. **Stacking** — blend the best two models.',
      '2. Feature selection: drop noisy columns.',
      '- Just a remark without a title',
    ].join('\n');
    assert.deepEqual(parseProposals(reply), [
      { title: 'Target encoding', rationale: 'encode high-cardinality columns with out-of-fold means.' },
      { title: 'Cabin deck', rationale: 'split the cabin letter off.' },
      { title: 'Stacking', rationale: 'blend the best two models.' },
      { title: 'Feature selection', rationale: 'drop noisy columns.' },
    ]);
  });

  test('cleans titles: one line, no markup, bounded length, each once', () => {
    const long = 'A very long title '.repeat(10);
    const parsed = parseProposals(JSON.stringify([{ title: ' **Cat\nBoost** ', rationale: ' r ' }, { title: 'cat  boost', rationale: 'dup' }, { title: '  ', rationale: 'x' }, { title: long, rationale: '' }]));
    assert.equal(parsed.length, 2);
    assert.deepEqual(parsed[0], { title: 'Cat Boost', rationale: 'r' });
    assert.equal(parsed[1]!.title.length, 80);
    assert.ok(parsed[1]!.title.endsWith('…'));
    // Titles that parse must make valid planned directions.
    for (const p of parsed) assert.equal(plannedDirection(p, 'generator', new Set()).status, 'planned');
  });

  test('a reply with no directions is a clear LlmError', () => {
    for (const reply of ['', 'I cannot help with that.', '```json\n{"oops": 1}\n```', '```json\n[1, 2]\n```', '[{"title": ""}]']) {
      assert.throws(() => parseProposals(reply), (error: unknown) => error instanceof LlmError && /no research directions/.test(error.message), reply);
    }
  });
});

describe('direction learnings', () => {
  const direction = { ...plannedDirection({ title: 'Cabin deck features', rationale: 'The deck matters.' }, 'generator', new Set()), status: 'done' as const };
  const results = [iterationRecord(1, { cvMean: 0.812, privateScore: 0.801, approach: 'LGBM + deck' }), iterationRecord(2, { cvMean: 0.845, privateScore: 0.83 })];

  test('the prompt carries the note with its measured numbers, and the code notes when given', () => {
    const { system, messages } = learningsMessages(direction, results, 'Deck letter parsed from Cabin; NaN -> "U".');
    assert.match(system, /3 to 6 markdown bullet points/);
    assert.match(system, /never invent/);
    const prompt = messages[0]!.content;
    for (const part of ['# Cabin deck features', 'The deck matters.', '| 1 | 0.812 | 0.801 | +0.011 |', 'LGBM + deck', 'NaN -> "U"']) assert.ok(prompt.includes(part), part);
    assert.doesNotMatch(prompt, /## Learnings/);
    assert.doesNotMatch(learningsMessages(direction, results).messages[0]!.content, /Notes the scripts wrote/);
  });

  test('cleans a reply down to the bullet points', () => {
    const bullets = '- Deck features helped: CV 0.812 to 0.845.\n- The gap stayed small (0.011 to 0.015).';
    assert.equal(parseLearnings(bullets), bullets);
    assert.equal(parseLearnings(`## Learnings\n\n${bullets}\n`), bullets);
    assert.equal(parseLearnings(`Here are the learnings:\n\n${bullets}`), bullets);
    assert.equal(parseLearnings(`\`\`\`markdown\n## Learnings\n${bullets}\n\`\`\``), bullets);
    assert.equal(parseLearnings(`Sure!\n\`\`\`md\n${bullets}\n\`\`\`\n`), bullets);
    // A reply cut off inside its wrapping block still yields its content.
    assert.equal(parseLearnings(`\`\`\`\n${bullets}\n`), bullets);
    assert.equal(parseLearnings(`### What worked\r\n\r\n\r\n\r\n${bullets.replace('\n', '\r\n\r\n\r\n\r\n')}`), bullets.replace('\n', '\n\n'));
  });

  test('keeps prose that is content and code blocks inside the learnings', () => {
    const text = 'The deck was the only gain.\nEverything else was noise.\n\n- Deck: +0.03.';
    assert.equal(parseLearnings(text), text);
    const withCode = '- Parse the deck:\n\n```python\ndeck = cabin.str[0]\n```\n- It gained 0.03.';
    assert.equal(parseLearnings(withCode), withCode);
  });

  test('an empty reply is an LlmError', () => {
    for (const reply of ['', '   \n', '## Learnings\n', '```markdown\n```']) assert.throws(() => parseLearnings(reply), LlmError, JSON.stringify(reply));
  });
});
