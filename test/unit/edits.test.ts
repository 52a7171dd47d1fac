import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, DEFAULT_REASON, EDIT_FORMAT_INSTRUCTIONS, parseFixReply, unifiedDiff } from '../../src/core/edits';
import { EditError } from '../../src/core/errors';

const SOLUTION = `import pandas as pd
from sklearn.linear_model import LogisticRegression


def train(X, y):
    model = LogisticRegression()
    model.fit(X, y)
    return model


def main():
    df = pd.read_csv("train.csv")
    model = train(df.drop(columns="target"), df["target"])
    print(model)


main()
`;

const fence = '```';

function editError(pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof EditError, `expected EditError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('parseFixReply', () => {
  test('reads a bare SEARCH/REPLACE block and the REASON line', () => {
    const reply = `REASON: max_iter was too low, so the solver did not converge.

<<<<<<< SEARCH
    model = LogisticRegression()
=======
    model = LogisticRegression(max_iter=1000)
>>>>>>> REPLACE
`;
    const fix = parseFixReply(reply);
    assert.equal(fix.reason, 'max_iter was too low, so the solver did not converge.');
    assert.deepEqual(fix.edit, {
      kind: 'search-replace',
      blocks: [{ search: '    model = LogisticRegression()\n', replace: '    model = LogisticRegression(max_iter=1000)\n' }],
    });
  });

  test('reads several fenced blocks with a file name line, CRLF line endings and a bold REASON', () => {
    const reply = [
      '**REASON:** the target column is called label.',
      '',
      'solution.py',
      `${fence}python`,
      '<<<<<<< SEARCH',
      '    model = train(df.drop(columns="target"), df["target"])',
      '=======',
      '    model = train(df.drop(columns="label"), df["label"])',
      '>>>>>>> REPLACE',
      fence,
      '',
      `${fence}python`,
      '<<<<<<< SEARCH',
      '    print(model)',
      '=======',
      '>>>>>>> REPLACE',
      fence,
    ].join('\r\n');
    const fix = parseFixReply(reply);
    assert.equal(fix.reason, 'the target column is called label.');
    assert.equal(fix.edit.kind, 'search-replace');
    assert.ok(fix.edit.kind === 'search-replace');
    assert.equal(fix.edit.blocks.length, 2);
    assert.equal(fix.edit.blocks[1]?.replace, '');
    assert.ok(!fix.edit.blocks.some((b) => b.search.includes('\r') || b.replace.includes('\r')));
    const after = applyFix(SOLUTION, fix.edit);
    assert.match(after, /df\["label"\]/);
    assert.doesNotMatch(after, /print\(model\)/);
  });

  test('SEARCH/REPLACE wins over a python block in the same reply', () => {
    const reply = `REASON: x\n${fence}python\nprint(1)\n${fence}\n<<<<<<< SEARCH\nmain()\n=======\nmain()  # run\n>>>>>>> REPLACE\n`;
    assert.equal(parseFixReply(reply).edit.kind, 'search-replace');
  });

  test('takes the first prose line as the reason when there is no REASON line', () => {
    const reply = `## The model needs more iterations\n\n<<<<<<< SEARCH\nmain()\n=======\nmain()\n>>>>>>> REPLACE\n`;
    assert.equal(parseFixReply(reply).reason, 'The model needs more iterations');
  });

  test('falls back to a default reason when only a file name precedes the block', () => {
    const reply = `solution.py\n<<<<<<< SEARCH\nmain()\n=======\nmain()\n>>>>>>> REPLACE\nDone.\n`;
    assert.equal(parseFixReply(reply).reason, DEFAULT_REASON);
  });

  test('does not take a "reason:" line inside code as the reason', () => {
    const reply = `Fix the call.\n${fence}python\nreason: str = "x"\nprint(reason)\n${fence}\n`;
    assert.equal(parseFixReply(reply).reason, 'Fix the call.');
  });

  test('reads a unified diff in a diff fence', () => {
    const reply = `REASON: raise max_iter\n\n${fence}diff\n--- a/solution.py\n+++ b/solution.py\n@@ -5,3 +5,3 @@\n def train(X, y):\n-    model = LogisticRegression()\n+    model = LogisticRegression(max_iter=500)\n     model.fit(X, y)\n${fence}\n`;
    const fix = parseFixReply(reply);
    assert.equal(fix.reason, 'raise max_iter');
    assert.equal(fix.edit.kind, 'unified-diff');
    assert.match(applyFix(SOLUTION, fix.edit), /LogisticRegression\(max_iter=500\)/);
  });

  test('reads a bare unified diff followed by prose, with wrong hunk counts and unindented blank context', () => {
    const reply = [
      'REASON: read the right file',
      '--- a/solution.py',
      '+++ b/solution.py',
      '@@ -11,2 +11,9 @@',
      '',
      ' def main():',
      '-    df = pd.read_csv("train.csv")',
      '+    df = pd.read_csv("data/train.csv")',
      '',
      'That should fix the FileNotFoundError.',
    ].join('\n');
    const fix = parseFixReply(reply);
    assert.equal(fix.edit.kind, 'unified-diff');
    assert.ok(fix.edit.kind === 'unified-diff');
    assert.doesNotMatch(fix.edit.patch, /That should fix/);
    assert.equal(applyFix(SOLUTION, fix.edit), SOLUTION.replace('"train.csv"', '"data/train.csv"'));
  });

  test('reads a diff in a bare fence as a diff, not as python', () => {
    const reply = `${fence}\n--- solution.py\n+++ solution.py\n@@ @@\n-main()\n+if __name__ == "__main__":\n+    main()\n${fence}\n`;
    const fix = parseFixReply(reply);
    assert.equal(fix.edit.kind, 'unified-diff');
    assert.match(applyFix(SOLUTION, fix.edit), /if __name__ == "__main__":\n {4}main\(\)\n$/);
  });

  test('takes the longest python block as the whole file', () => {
    const reply = `REASON: rewrote it\n${fence}py\nprint("short")\n${fence}\nThe full file:\n${fence}python\nimport sys\n\nprint(sys.argv)\n${fence}\n${fence}bash\npython solution.py --a-much-longer-line-than-any-of-the-python-blocks\n${fence}\n`;
    assert.deepEqual(parseFixReply(reply), {
      reason: 'rewrote it',
      edit: { kind: 'whole-file', code: 'import sys\n\nprint(sys.argv)\n' },
    });
  });

  test('accepts a bare fence as python', () => {
    const fix = parseFixReply(`${fence}\nprint(2)\n${fence}`);
    assert.deepEqual(fix.edit, { kind: 'whole-file', code: 'print(2)\n' });
  });

  test('rejects a reply with nothing usable', () => {
    assert.throws(
      () => parseFixReply('I think you should increase max_iter.\n```bash\npip install x\n```'),
      editError(/^The fixer's reply contained no SEARCH\/REPLACE block, diff or python code block\.$/),
    );
  });

  test('says when the only code block was cut off', () => {
    assert.throws(() => parseFixReply('REASON: x\n```python\nimport os\n'), editError(/never closed/));
  });

  test('names the missing divider of a malformed block', () => {
    const reply = `<<<<<<< SEARCH\nmain()\n=======\nmain()\n>>>>>>> REPLACE\n<<<<<<< SEARCH\nprint(model)\n>>>>>>> REPLACE\n`;
    assert.throws(() => parseFixReply(reply), editError(/^SEARCH block 2 .* no "=======" line/));
  });

  test('names the missing REPLACE marker of a malformed block', () => {
    assert.throws(() => parseFixReply(`<<<<<<< SEARCH\nmain()\n=======\nmain()\n`), editError(/^SEARCH block 1 .* no ">>>>>>> REPLACE" line/));
  });

  test('rejects a REPLACE marker without a SEARCH marker', () => {
    assert.throws(() => parseFixReply(`main()\n=======\nmain()\n>>>>>>> REPLACE\n`), editError(/without a "<<<<<<< SEARCH"/));
  });
});

describe('applyFix with SEARCH/REPLACE', () => {
  const block = (search: string, replace: string) => ({ search, replace });

  test('applies blocks in order, each to the result of the one before', () => {
    const after = applyFix(SOLUTION, {
      kind: 'search-replace',
      blocks: [block('    model = LogisticRegression()\n', '    model = LogisticRegression(C=0.5)\n'), block('    model = LogisticRegression(C=0.5)\n', '    model = LogisticRegression(C=2)\n')],
    });
    assert.equal(after, SOLUTION.replace('LogisticRegression()', 'LogisticRegression(C=2)'));
  });

  test('matches despite a uniform indentation shift and trailing spaces, and re-indents the replacement', () => {
    const after = applyFix(SOLUTION, {
      kind: 'search-replace',
      blocks: [block('\nmodel = LogisticRegression()   \nmodel.fit(X, y)\n\n', '\nmodel = LogisticRegression()\nfor _ in range(2):\n    model.fit(X, y)\n\n')],
    });
    assert.equal(
      after,
      SOLUTION.replace('    model.fit(X, y)\n', '    for _ in range(2):\n        model.fit(X, y)\n'),
    );
  });

  test('keeps CRLF line endings of the original', () => {
    const crlf = SOLUTION.replace(/\n/g, '\r\n');
    const after = applyFix(crlf, { kind: 'search-replace', blocks: [block('main()\n', 'main()  # go\n')] });
    assert.equal(after, crlf.replace('main()\r\n', 'main()  # go\r\n'));
  });

  test('refuses an ambiguous block, naming it', () => {
    const original = 'a = 1\nprint(a)\nb = 2\nprint(a)\n';
    assert.throws(
      () => applyFix(original, { kind: 'search-replace', blocks: [block('b = 2\n', 'b = 3\n'), block('print(a)\n', 'print(b)\n')] }),
      editError(/^SEARCH block 2 of 2 matches 2 places in solution\.py.*`print\(a\)`$/),
    );
  });

  test('refuses a block that matches nowhere, naming it and its first line', () => {
    assert.throws(
      () =>
        applyFix(SOLUTION, {
          kind: 'search-replace',
          blocks: [block('def main():\n', 'def main() -> None:\n'), block('\n    model.fit(X, y, epochs=3)\n', ''), block('main()\n', '')],
        }),
      (error) => {
        assert.ok(error instanceof EditError);
        assert.equal(error.message, 'SEARCH block 2 of 3 does not match solution.py: `    model.fit(X, y, epochs=3)`');
        return true;
      },
    );
  });

  test('uses the given file name in errors', () => {
    assert.throws(() => applyFix('x = 1\n', { kind: 'search-replace', blocks: [block('y = 1\n', '')] }, 'train.py'), editError(/match train\.py/));
  });

  test('an empty SEARCH fills an empty file and is refused for a non-empty one', () => {
    assert.equal(applyFix('', { kind: 'search-replace', blocks: [block('', 'print(1)\n')] }), 'print(1)\n');
    assert.throws(() => applyFix(SOLUTION, { kind: 'search-replace', blocks: [block('', 'print(1)\n')] }), editError(/is empty but solution\.py is not/));
  });

  test('keeps a missing final newline', () => {
    assert.equal(applyFix('a = 1\nb = 2', { kind: 'search-replace', blocks: [block('b = 2\n', 'b = 3\n')] }), 'a = 1\nb = 3');
  });
});

describe('applyFix with a unified diff', () => {
  test('refuses a diff whose removed lines are not in the file, naming the hunk', () => {
    const patch = `--- a/solution.py\n+++ b/solution.py\n@@ -1,2 +1,2 @@\n import pandas as pd\n-from sklearn.linear_model import LogisticRegression\n+from sklearn.linear_model import LogisticRegression, Ridge\n@@ -12,1 +12,1 @@\n-    df = pd.read_parquet("train.parquet")\n+    df = pd.read_csv("train.csv")\n`;
    assert.throws(() => applyFix(SOLUTION, { kind: 'unified-diff', patch }), editError(/^Hunk 2 of 2 of the fixer's diff does not apply to solution\.py: `    df = pd\.read_parquet/));
  });

  test('refuses a diff that touches two files', () => {
    const patch = `--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-a\n+b\n--- a/y.py\n+++ b/y.py\n@@ -1 +1 @@\n-a\n+b\n`;
    assert.throws(() => applyFix('a\n', { kind: 'unified-diff', patch }), editError(/changes 2 files/));
  });

  test('applies with a changed context line (fuzz) and keeps CRLF', () => {
    const patch = `--- a/solution.py\n+++ b/solution.py\n@@ -5,4 +5,4 @@\n def train(X, y):\n-    model = LogisticRegression()\n+    model = LogisticRegression(n_jobs=-1)\n     model.fit(X, y)\n     return model  # fitted\n`;
    const crlf = SOLUTION.replace(/\n/g, '\r\n');
    assert.equal(applyFix(crlf, { kind: 'unified-diff', patch }), crlf.replace('LogisticRegression()', 'LogisticRegression(n_jobs=-1)'));
  });
});

describe('unifiedDiff', () => {
  test('round-trips through applyFix', () => {
    const after = SOLUTION.replace('LogisticRegression()', 'LogisticRegression(max_iter=1000)').replace('main()\n', 'if __name__ == "__main__":\n    main()\n');
    const diff = unifiedDiff(SOLUTION, after, 'solution.py', 'attempt 1', 'attempt 2');
    assert.match(diff, /^--- solution\.py\tattempt 1\n\+\+\+ solution\.py\tattempt 2\n@@ /);
    assert.equal(applyFix(SOLUTION, { kind: 'unified-diff', patch: diff }), after);
    // The same diff, as a fixer would send it, parses back to the same edit.
    const fix = parseFixReply(`REASON: r\n\`\`\`diff\n${diff}\`\`\`\n`);
    assert.equal(applyFix(SOLUTION, fix.edit), after);
  });

  test('has no hunks when nothing changed', () => {
    assert.doesNotMatch(unifiedDiff(SOLUTION, SOLUTION, 'solution.py'), /@@/);
  });
});

test('EDIT_FORMAT_INSTRUCTIONS show a block that parseFixReply accepts', () => {
  assert.match(EDIT_FORMAT_INSTRUCTIONS, /^Start your reply with one line: REASON:/);
  const example = EDIT_FORMAT_INSTRUCTIONS.slice(EDIT_FORMAT_INSTRUCTIONS.indexOf('<<<<<<< SEARCH'), EDIT_FORMAT_INSTRUCTIONS.indexOf('>>>>>>> REPLACE') + 15);
  assert.equal(parseFixReply(example).edit.kind, 'search-replace');
});
