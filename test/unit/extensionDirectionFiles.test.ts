import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Direction } from '../../src/core/directions/direction';
import { writeDirectionFiles } from '../../src/core/directions/noteFiles';
import { readDirections } from '../../src/extension/directionFiles';
import { iterationRecord } from '../helpers/iterationRecord';
import { tempDir } from '../helpers/tempDir';

function direction(slug: string, fields: Partial<Direction> = {}): Direction {
  return { slug, title: slug, rationale: 'why', status: 'done', branch: `exp/${slug}`, startedAt: null, finishedAt: null, origin: 'generator', ...fields };
}

const bySlug = (directions: Direction[]) => Object.fromEntries(directions.map((d) => [d.slug, d]));

describe('direction notes read for the sidebar (real files)', () => {
  test('merged notes and the notes in running worktrees, the worktree one winning', async () => {
    const workspace = tempDir('adsa-notes-');
    await writeDirectionFiles(workspace, { direction: direction('cabin-features', { devices: 'GPU 0' }), results: [], learnings: 'Deck helps.' });
    // Continued after it was merged: its worktree note says it runs again, on another device.
    await writeDirectionFiles(join(workspace, '.adsa', 'worktrees', 'cabin-features'), {
      direction: direction('cabin-features', { status: 'in_progress', devices: 'GPU 1' }),
      results: [],
      learnings: null,
    });
    await writeDirectionFiles(join(workspace, '.adsa', 'worktrees', 'stacking'), {
      direction: direction('stacking', { status: 'in_progress', devices: '2 CPU threads' }),
      results: [],
      learnings: null,
    });
    writeFileSync(join(workspace, 'research_directions', 'README.md'), 'Not a direction note.\n');

    const found = bySlug(await readDirections(workspace, []));
    assert.deepEqual(Object.keys(found).sort(), ['cabin-features', 'stacking']);
    assert.deepEqual([found['cabin-features']?.status, found['cabin-features']?.devices], ['in_progress', 'GPU 1']);
    assert.deepEqual([found['stacking']?.status, found['stacking']?.devices], ['in_progress', '2 CPU threads']);
  });

  test('a worktree outside the workspace is found through the history lines that point into it', async () => {
    const repo = tempDir('adsa-notes-repo-');
    const workspace = join(repo, 'task');
    mkdirSync(workspace);
    await writeDirectionFiles(join(repo, '.adsa', 'worktrees', 'trees'), { direction: direction('trees', { status: 'in_progress' }), results: [], learnings: null });
    const record = iterationRecord(1, { direction: 'trees', archiveDir: '../.adsa/worktrees/trees/older_solutions/iteration_001' });
    assert.deepEqual((await readDirections(workspace, [])).map((d) => d.slug), []);
    assert.deepEqual((await readDirections(workspace, [record])).map((d) => [d.slug, d.status]), [['trees', 'in_progress']]);
  });

  test('a workspace without directions has none', async () => {
    assert.deepEqual(await readDirections(tempDir('adsa-notes-none-'), [iterationRecord(1)]), []);
  });
});
