/** A string literal in Python source, with what it holds once escapes are read. */
export interface PythonString {
  /** The text, with each f-string or format placeholder replaced by PLACEHOLDER. */
  value: string;
  /** 1-based line where the literal starts. */
  line: number;
  /** Index into the statements `pythonStrings` returns. */
  statement: number;
}

/** A logical line: physical lines joined while brackets are open or a backslash continues them. */
export interface PythonStatement {
  /** The source without comments; string literals are reduced to "" (f-strings keep their expressions). */
  text: string;
}

/** Stands for an f-string expression; a NUL cannot appear in a real path. */
export const PLACEHOLDER = '\u0000';

const PREFIX = /(?:[rRbBuUfF]{1,2})?("""|'''|"|')/y;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

/**
 * Finds the string literals of Python code (single, double, triple-quoted, raw, bytes, f-strings)
 * with their line numbers and statements. A tokenizer of its own because only Python's could do
 * better, and the check must run without starting Python.
 */
export function pythonStrings(code: string): { strings: PythonString[]; statements: PythonStatement[] } {
  const strings: PythonString[] = [];
  const statements: PythonStatement[] = [];
  let text = '';
  let line = 1;
  let depth = 0;
  let i = 0;

  const endStatement = () => {
    if (text.trim() !== '') statements.push({ text });
    text = '';
  };

  while (i < code.length) {
    const c = code[i] ?? '';
    if (c === '#') {
      while (i < code.length && code[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      line++;
      i++;
      if (depth === 0) endStatement();
      else text += ' ';
      continue;
    }
    if (c === '\\' && code[i + 1] === '\n') {
      line++;
      i += 2;
      text += ' ';
      continue;
    }
    PREFIX.lastIndex = i;
    const start = PREFIX.exec(code);
    // Words are consumed whole below, so a prefix letter here always starts a token.
    if (start) {
      const prefix = start[0].slice(0, start[0].length - (start[1]?.length ?? 0)).toLowerCase();
      const literal = readString(code, i + start[0].length, start[1] ?? '"', prefix.includes('r'), prefix.includes('f'));
      strings.push({ value: literal.value, line, statement: statements.length });
      text += `"${literal.expressions.join(' ')}"`;
      line += literal.newlines;
      i = literal.end;
      continue;
    }
    if (/\w/.test(c)) {
      const word = /\w+/y;
      word.lastIndex = i;
      const match = word.exec(code)?.[0] ?? c;
      text += match;
      i += match.length;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
    text += c;
    i++;
  }
  endStatement();
  return { strings, statements };
}

function readString(
  code: string,
  from: number,
  quote: string,
  raw: boolean,
  formatted: boolean,
): { value: string; expressions: string[]; end: number; newlines: number } {
  const triple = quote.length === 3;
  const expressions: string[] = [];
  let value = '';
  let newlines = 0;
  let i = from;
  while (i < code.length) {
    const c = code[i] ?? '';
    if (code.startsWith(quote, i)) return { value, expressions, end: i + quote.length, newlines };
    if (c === '\n') {
      if (!triple) break; // unterminated: stop at the line's end
      newlines++;
    }
    if (c === '\\') {
      const next = code[i + 1] ?? '';
      if (next === '\n') newlines++;
      if (raw) value += c + next;
      else if (next !== '\n') value += ESCAPES[next] ?? c + next;
      i += 2;
      continue;
    }
    if (formatted && (c === '{' || c === '}')) {
      if (code[i + 1] === c) {
        value += c;
        i += 2;
        continue;
      }
      if (c === '{') {
        const end = expressionEnd(code, i + 1, quote);
        newlines += countNewlines(code.slice(i, end));
        expressions.push(code.slice(i + 1, end - 1));
        value += PLACEHOLDER;
        i = end;
        continue;
      }
    }
    value += c;
    i++;
  }
  return { value, expressions, end: i, newlines };
}

/** Just past the `}` closing an f-string expression; nested brackets and strings are skipped. */
function expressionEnd(code: string, from: number, quote: string): number {
  let depth = 0;
  let i = from;
  while (i < code.length && !code.startsWith(quote, i)) {
    const c = code[i] ?? '';
    if (c === "'" || c === '"') {
      const close = code.indexOf(c, i + 1);
      i = close < 0 ? code.length : close + 1;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    else if (')]'.includes(c)) depth--;
    else if (c === '}') {
      if (depth === 0) return i + 1;
      depth--;
    }
    i++;
  }
  return i;
}

function countNewlines(text: string): number {
  return text.split('\n').length - 1;
}
