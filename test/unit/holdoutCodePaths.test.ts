import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCodePaths } from '../../src/core/holdout/checkCodePaths';
import { PLACEHOLDER, pythonStrings } from '../../src/core/holdout/pythonStrings';

const check = (code: string, forbidden = ['data/train.csv']) => checkCodePaths(code, { allowedDir: 'staged_data', forbidden });

describe('pythonStrings', () => {
  test('reads every literal form with its line', () => {
    const code = [
      "a = 'single'",
      'b = "double"  # "not a string"',
      'c = """triple',
      'quoted"""',
      "d = r'C:\\raw\\n'",
      "e = f'{root}/x_{i:03d}.csv'",
      "g = rb'bytes'",
      "h = 'esc\\'aped'",
      'i = f"{{literal}}"',
    ].join('\n');
    const { strings } = pythonStrings(code);
    assert.deepEqual(
      strings.map((s) => [s.value, s.line]),
      [
        ['single', 1],
        ['double', 2],
        ['triple\nquoted', 3],
        ['C:\\raw\\n', 5],
        [`${PLACEHOLDER}/x_${PLACEHOLDER}.csv`, 6],
        ['bytes', 7],
        ["esc'aped", 8],
        ['{literal}', 9],
      ],
    );
  });

  test('joins bracketed lines into one statement', () => {
    const { strings, statements } = pythonStrings("x = pd.read_csv(\n    os.path.join(D,\n 'a.csv'))\ny = 1\n");
    assert.equal(statements.length, 2);
    assert.equal(strings[0]?.statement, 0);
    assert.equal(strings[0]?.line, 3);
  });
});

describe('checkCodePaths: problems', () => {
  test('the labelled training file by its path', () => {
    const problems = check("import pandas as pd\ntrain = pd.read_csv('data/train.csv')\n");
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^Line 2: 'data\/train\.csv' names the labelled training file data\/train\.csv/);
    assert.match(problems[0] ?? '', /read 'staged_data\/train\.csv' instead\.$/);
  });

  test('the training file through .., ./, backslashes, other folders and a bare name', () => {
    const cases = [
      "pd.read_csv('../data/train.csv')",
      'pd.read_csv("./data/train.csv")',
      "pd.read_csv('data\\\\train.csv')",
      "pd.read_csv(r'data\\train.csv')",
      "pd.read_csv('input/train.csv')",
      "pd.read_csv('staged_data/../data/train.csv')",
      "pd.read_csv('train.csv')",
      "pd.read_csv('TRAIN.CSV')",
      "DATA = 'data'\npd.read_csv(os.path.join(DATA, 'train.csv'))",
      "pd.read_csv(f'{DATA_DIR}/train.csv')",
      "glob.glob('data/*.csv')",
      "pd.read_csv('%s/train.csv' % folder)",
    ];
    for (const code of cases) {
      const problems = check(code);
      assert.equal(problems.length, 1, `${code}: ${problems.join(' | ')}`);
      assert.match(problems[0] ?? '', /labelled training file data\/train\.csv/, code);
    }
  });

  test('a data-folder variable in a script that also uses staged_data', () => {
    const code = [
      "TEST = pd.read_csv('staged_data/test.csv')",
      "DATA = Path('data')",
      "train = pd.read_csv(DATA / 'train.csv')",
    ].join('\n');
    const problems = check(code);
    assert.equal(problems.length, 1, problems.join(' | '));
    assert.match(problems[0] ?? '', /^Line 3: 'train\.csv' names the labelled training file/);
  });

  test('absolute paths and home paths', () => {
    const problems = check("a = pd.read_csv('/home/me/project/data/test.csv')\nb = open('~/notes.txt')\nc = 'C:\\\\data\\\\x.csv'\n");
    assert.equal(problems.length, 3, problems.join(' | '));
    assert.match(problems[0] ?? '', /^Line 1: '\/home\/me\/project\/data\/test\.csv' is an absolute path outside the working folder; read inputs from 'staged_data\/'/);
    assert.match(problems[1] ?? '', /^Line 2: /);
    assert.match(problems[2] ?? '', /^Line 3: 'C:\\data\\x\.csv' is an absolute path/);
  });

  test('climbing out with ..', () => {
    const problems = check("pd.read_csv('../other/test.csv')\n");
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^Line 1: '\.\.\/other\/test\.csv' climbs out of the working folder with '\.\.'/);
  });

  test('a forbidden absolute folder (the private hold-out) is named as such', () => {
    const problems = check("pd.read_csv('/tmp/adsa-private/holdout_labels.csv')", ['data/train.csv', '/tmp/adsa-private']);
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /names a private ADSA file/);
  });

  test('line numbers count lines inside triple-quoted strings', () => {
    const problems = check('"""\nA docstring\nover lines.\n"""\nx = 1\ndf = pd.read_csv("data/train.csv")\n');
    assert.match(problems[0] ?? '', /^Line 6: /);
  });
});

describe('checkCodePaths: not problems', () => {
  test('the staged data view and the outputs', () => {
    const code = [
      "train = pd.read_csv('staged_data/train.csv')",
      'test = pd.read_csv("./staged_data/test.csv")',
      "hx = pd.read_csv(os.path.join('staged_data', 'holdout_X.csv'))",
      "t2 = pd.read_csv(os.path.join('staged_data', 'train.csv'))",
      "STAGED = Path('staged_data')",
      "t3 = pd.read_csv(STAGED / 'train.csv')",
      'DATA_DIR = os.path.join(os.path.dirname(__file__), "staged_data")',
      'DATA = DATA_DIR',
      'TRAIN = os.path.join(DATA, "train.csv")',
      "t4 = pd.read_csv(f'{DATA_DIR}/train.csv')",
      'frame = pd.read_csv(',
      '    os.path.join(',
      '        DATA_DIR,',
      "        'train.csv',",
      '    )',
      ')',
      "sub.to_csv('submission.csv', index=False)",
      "pd.DataFrame(p).to_csv('holdout_predictions.csv', index=False)",
      "json.dump(report, open('progress_report.json', 'w'))",
      "model.save_model('models/catboost.json')",
      "files = glob.glob('staged_data/*.csv')",
    ].join('\n');
    assert.deepEqual(check(code), []);
  });

  test('a bare name handed to a helper that joins it with staged_data', () => {
    const code = [
      "DATA_DIR = 'staged_data'",
      'def load(name):',
      '    return pd.read_csv(os.path.join(DATA_DIR, name))',
      "train = load('train.csv')",
      'for name in [',
      "    'train.csv', 'test.csv',",
      ']:',
      '    frames[name] = load(name)',
    ].join('\n');
    assert.deepEqual(check(code), []);
  });

  test('URLs, date formats, regexes, prose and separators', () => {
    const code = [
      "url = 'https://example.com/data/train.csv'",
      "day = when.strftime('%Y/%m/%d')",
      "pattern = re.compile(r'(\\d+)/(\\d+)')",
      "cabin = re.match(r'^([A-Z])/(\\d+)/([PS])$', c)",
      "parts = df['Cabin'].str.split('/', expand=True)",
      "print(f'fold {k}/{n}: accuracy {acc:.4f}')",
      "print('reading data/train.csv failed')",
      "log('CV / holdout gap')",
      "sep = '//'",
      "os.environ['OMP_NUM_THREADS'] = '4'",
      "ratio = 'a/b'",
      "x = '/dev/null'",
      "tmp = '/tmp/cache/model.pkl'",
      "cpu = open('/proc/cpuinfo').read()",
      "ext = r'.*\\.csv'",
      '# pd.read_csv("data/train.csv") in a comment',
    ].join('\n');
    assert.deepEqual(check(code), []);
  });

  test('without a forbidden file only absolute and climbing paths matter', () => {
    assert.deepEqual(checkCodePaths("pd.read_csv('train.csv')", { allowedDir: 'staged_data', forbidden: [] }), []);
  });
});
