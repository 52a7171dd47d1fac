import type { ChatMessage } from '../llm/types';
import { lastTraceback, tailOf } from './bounded';

/** Why the fixer is called. */
export type FixReason =
  | { kind: 'error'; exitCode: number | null; output: string }
  | { kind: 'verification'; problems: string[]; output: string }
  | { kind: 'refused'; problems: string[] }
  | { kind: 'timeout'; limitSeconds: number; output: string }
  | { kind: 'slow'; seconds: number; previousSeconds: number; output: string };

export interface FixerContext {
  code: string;
  reason: FixReason;
  timeLimitSeconds: number;
  /** Things the fixer should know from earlier attempts of this iteration. */
  notes: string[];
  editFormat: string;
}

/** Output budget: a traceback plus the tail, about 3k tokens. */
const OUTPUT_CHARS = 12_000;

export function fixerMessages(context: FixerContext): { system: string; messages: ChatMessage[] } {
  const system = `You repair and speed up Python machine-learning scripts. Change as little as needed and keep the script's outputs (the submission file and progress_report.json) intact.\n\n${context.editFormat}`;
  const parts = [`# solution.py\n\`\`\`python\n${context.code.trimEnd()}\n\`\`\``, describe(context.reason, context.timeLimitSeconds)];
  if (context.notes.length > 0) parts.push(`# Earlier in this iteration\n${context.notes.map((n) => `- ${n}`).join('\n')}`);
  return { system, messages: [{ role: 'user', content: parts.join('\n\n') }] };
}

/** The message sent back once when the fixer's edit could not be applied. */
export function editRetryMessage(problem: string): ChatMessage {
  return {
    role: 'user',
    content: `Your edit could not be applied: ${problem}\nAnswer again. SEARCH text must be copied exactly from the current solution.py; if in doubt, send the whole file in one \`\`\`python block.`,
  };
}

function describe(reason: FixReason, limitSeconds: number): string {
  switch (reason.kind) {
    case 'error': {
      const traceback = lastTraceback(reason.output);
      const head = `# The script failed (exit code ${reason.exitCode ?? 'none'})`;
      const body = traceback
        ? `Traceback:\n\`\`\`\n${tailOf(traceback, OUTPUT_CHARS / 2)}\n\`\`\`\nOutput before it (tail):\n\`\`\`\n${tailOf(reason.output.slice(0, reason.output.lastIndexOf(traceback)), OUTPUT_CHARS / 2)}\n\`\`\``
        : `Output (tail):\n\`\`\`\n${tailOf(reason.output, OUTPUT_CHARS)}\n\`\`\``;
      return `${head}\n${body}\nFix the cause.`;
    }
    case 'verification':
      return `# The script ran but its outputs are wrong\n${reason.problems.map((p) => `- ${p}`).join('\n')}\nOutput (tail):\n\`\`\`\n${tailOf(reason.output, OUTPUT_CHARS / 2)}\n\`\`\`\nFix the script so that it writes correct outputs.`;
    case 'refused':
      return `# The script was refused before it ran\n${reason.problems.map((p) => `- ${p}`).join('\n')}\nChange it so that it reads its inputs only from the allowed paths.`;
    case 'timeout':
      return `# The script hit the time limit of ${limitSeconds} s and was stopped\nOutput (tail):\n\`\`\`\n${tailOf(reason.output, OUTPUT_CHARS)}\n\`\`\`\nMake it finish well within ${limitSeconds} s (fewer folds or estimators, early stopping, smaller search, sampling, GPU if available) while keeping as much accuracy as possible.`;
    case 'slow':
      return `# The script is much slower than the previous version\nIt ran ${Math.round(reason.seconds)} s before it was stopped; the previous version took ${Math.round(reason.previousSeconds)} s. Output (tail):\n\`\`\`\n${tailOf(reason.output, OUTPUT_CHARS)}\n\`\`\`\nSpeed it up substantially while keeping as much accuracy as possible (time limit ${limitSeconds} s).`;
  }
}
