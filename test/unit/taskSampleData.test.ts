import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleData } from '../../src/core/task/sampleData';
import { tempDir } from '../helpers/tempDir';

const dir = tempDir();

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('sampleData', () => {
  test('types, missing counts, quoted commas and quoted newlines', async () => {
    const long = 'x'.repeat(200);
    const file = write(
      'mixed.csv',
      [
        'id,score,flag,name,blank,note',
        '1,0.5,True,"Smith, John",,plain',
        '2,NaN,False,"multi\nline",,' + long,
        '3,2,true,Ann,NA,plain',
        '4,-1e3,,"say ""hi""",,plain',
        '',
      ].join('\n'),
    );
    const text = await sampleData([file], { baseDir: dir });
    const lines = text.split('\n');
    assert.equal(lines[0], `mixed.csv (${statSync(file).size} B, 4 rows, 6 columns)`);
    assert.equal(lines[1], 'header: id,score,flag,name,blank,note');
    assert.equal(lines[2], 'first 4 rows:');
    assert.equal(lines[3], '  1,0.5,True,"Smith, John",,plain');
    assert.equal(lines[4], `  2,NaN,False,multi\\nline,,${'x'.repeat(39)}…`);
    assert.equal(lines[6], '  4,-1e3,,"say ""hi""",,plain');
    assert.equal(lines[7], 'columns:');
    assert.equal(lines[8], '  id: int, 0 missing, 4 distinct, 1 to 4');
    assert.equal(lines[9], '  score: float, 1 missing, 3 distinct, -1000 to 2');
    assert.equal(lines[10], '  flag: bool, 1 missing, 3 distinct, values: True | False | true');
    assert.match(lines[11] ?? '', /^ {2}name: string, 0 missing, 4 distinct, values: Smith, John \| multi\\nline \| Ann \| say "hi"$/);
    assert.ok(text.includes('  blank: empty, 4 missing'));
    assert.ok(text.includes('  note: string, 0 missing, 2 distinct'));
  });

  test('counts every row of a file larger than the statistics limit, with stats from the first 100000', async () => {
    const rows = ['id,value,late'];
    // "late" is missing only after row 100000, so it must look complete in the statistics.
    for (let i = 1; i <= 120_000; i++) rows.push(`${i},${i % 7 === 0 ? '"1,5"' : i},${i > 100_000 ? '' : i % 3}`);
    const file = write('big.csv', rows.join('\n') + '\n');
    const text = await sampleData([file]);
    assert.match(text, /^big\.csv \(\d+\.\d MB, 120000 rows, 3 columns\)/);
    assert.ok(text.includes('columns (stats from first 100000 rows):'), text);
    assert.ok(text.includes('  id: int, 0 missing, >1000 distinct, 1 to 100000'), text);
    assert.ok(text.includes('  value: string, 0 missing, >1000 distinct'), text);
    assert.ok(text.includes('  late: int, 0 missing, 3 distinct, 0 to 2'), text);
  });

  test('a small statistics limit, CRLF line endings, a BOM and no final newline', async () => {
    const body = Array.from({ length: 50 }, (_, i) => `${i},"a\r\nb"`).join('\r\n');
    const file = write('crlf.csv', `\uFEFFk,v\r\n${body}`);
    const text = await sampleData([file], { statsRowLimit: 10, headRows: 2 });
    assert.match(text, /^crlf\.csv \(.*, 50 rows, 2 columns\)/);
    assert.ok(text.includes('header: k,v\n'), text);
    assert.ok(text.includes('first 2 rows:\n  0,a\\nb\n  1,a\\nb\n'), text);
    assert.ok(text.includes('columns (stats from first 10 rows):\n  k: int, 0 missing, 10 distinct, 0 to 9'), text);
  });

  test('tab-separated files, other files by name and size, missing files, header-only files', async () => {
    const tsv = write('t.tsv', 'a\tb\n1\tx,y\n');
    const parquet = write('p.parquet', 'PAR1....');
    const headerOnly = write('h.csv', 'a,b\n');
    const text = await sampleData([tsv, parquet, join(dir, 'gone.csv'), headerOnly], { baseDir: dir });
    assert.ok(text.includes('t.tsv (10 B, 1 row, 2 columns)\nheader: a\tb\nfirst 1 row:\n  1\tx,y\n'), text);
    assert.ok(text.includes('\n\np.parquet (8 B)\n\ngone.csv: not found\n\n'), text);
    assert.ok(text.endsWith('h.csv (4 B, 0 rows, 2 columns)\nheader: a,b\ncolumns:\n  a: empty, 0 missing\n  b: empty, 0 missing'), text);
  });

  test('caps each file and the whole summary', async () => {
    const columns = Array.from({ length: 300 }, (_, i) => `column_${i}`);
    const wide = write('wide.csv', `${columns.join(',')}\n${columns.map((_, i) => i).join(',')}\n`);
    const one = await sampleData([wide]);
    assert.ok(one.length <= 3_000, `${one.length}`);
    assert.ok(one.endsWith('\n… (truncated)'));

    const many = await sampleData(Array.from({ length: 6 }, () => wide));
    assert.ok(many.length <= 12_000 + 200, `${many.length}`);
    assert.match(many, /… \(data summary capped at 12000 characters; 3 more files not shown\)$/);
  });
});
