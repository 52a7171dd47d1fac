// The scripted stand-in for the two models in the offline demo: it answers the real SDKs on
// loopback with the prepared solutions in examples/spaceship-titanic/offline-demo/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeReply, FakeRequest } from '../test/helpers/fakeLlmServer';

const APPROACHES = ['gradient boosting on the raw columns', 'group, cabin and spending features', 'blend with a linear model'];
const DIRECTIONS = [
  { title: 'Group and cabin features', rationale: 'Passengers travel in groups and cabins; group size, deck and side should carry signal.', version: 2 },
  { title: 'Linear blend', rationale: 'Blend gradient boosting with a one-hot logistic regression for a smoother view of spending.', version: 3 },
];

export function offlineModel(exampleDir: string): (request: FakeRequest) => FakeReply {
  const demo = (name: string) => readFileSync(join(exampleDir, 'offline-demo', name), 'utf8');
  const solution = (version: number) => ({
    text: `APPROACH: ${APPROACHES[version - 1]}\n\n\`\`\`python\n${demo(`iteration_${version}.py`)}\`\`\`\n`,
    usage: { input: 5200, output: 1400 },
  });
  return (request) => {
    if (request.api === 'messages') {
      // The fixer: the prepared repair for the baseline's crash; anything else is declined.
      if (request.prompt.includes('could not convert string to float')) return { text: demo('fix_1.md'), usage: { input: 2400, output: 180 } };
      return { text: 'REASON: the offline demo has no fix for this error.' };
    }
    if (/planning research/.test(request.system)) {
      return { text: `\`\`\`json\n${JSON.stringify(DIRECTIONS.map(({ title, rationale }) => ({ title, rationale })))}\n\`\`\`` };
    }
    if (/Learnings section/.test(request.system)) {
      return { text: '- Written by the offline demo, which replays prepared solutions: read the Results table for what was measured.' };
    }
    const direction = DIRECTIONS.find((d) => request.prompt.includes(`# Your research direction: ${d.title}`));
    if (direction) return solution(direction.version);
    const done = (request.prompt.match(/^\| \d+ \| /gm) ?? []).length;
    return solution(Math.min(done + 1, 3));
  };
}
