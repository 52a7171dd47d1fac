import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTask } from '../../src/core/task/loadTask';
import { tempDir } from '../helpers/tempDir';

describe('task.md template offered by "Create task.md"', () => {
  test('the engine reads its metric, data files and submission format', async () => {
    const dir = tempDir();
    copyFileSync(join(__dirname, '..', '..', 'media', 'task-template.md'), join(dir, 'task.md'));
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'train.csv'), 'id,x,target\n1,0.5,1\n');
    writeFileSync(join(dir, 'data', 'test.csv'), 'id,x\n2,0.1\n');
    writeFileSync(join(dir, 'data', 'sample_submission.csv'), 'id,target\n2,0\n');

    const task = await loadTask(dir);
    assert.equal(task.metric, 'accuracy');
    assert.equal(task.higherIsBetter, true);
    assert.equal(task.submission.fileName, 'submission.csv');
    assert.equal(task.submission.idColumn, 'id');
    assert.deepEqual(task.submission.targetColumns, ['target']);
    assert.deepEqual(task.missingFiles, []);
    assert.equal(task.submission.testFile, join(dir, 'data', 'test.csv'));
  });
});
