import { posix } from 'node:path';
import { PLACEHOLDER, pythonStrings, type PythonStatement } from './pythonStrings';

export interface CodePathOptions {
  /** The folder, relative to the run folder, the code reads its inputs from. */
  allowedDir: 'staged_data';
  /** Files the code must not open: workspace-relative originals, or absolute paths (a private folder). */
  forbidden: string[];
}

const DATA_EXTENSION = /\.(?:csv|tsv|parquet|json|feather|pkl|pickle|npy|npz|txt|zip|gz)$/i;
/** System places a script may name: they hold no task data. */
const SAFE_ABSOLUTE = /^\/(?:dev|tmp|proc|sys|usr|bin)(?:\/|$)/;
const URL = /^[a-z][a-z0-9+.-]*:\/\//i;
// \d, (?:, anchors, alternation, quantifiers: a regular expression, not a path.
const REGEX = /\\[dDwWsSbB]|\(\?|[\^$|+]|\\\.|\{\d*,\d*\}/;
// %s, %Y, {} and {0}: a format string; the placeholder stands for whatever is filled in.
const FORMAT_FIELD = /%[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|\{\w*\}/g;

/**
 * Checks the paths a Python script names in its string literals, before it runs: naming the
 * labelled training file (by its path, or by its base name outside the allowed folder), absolute
 * paths, and paths that climb out with '..' are problems, one sentence each with the line. A static
 * check is a guard against the common ways code reaches the original data, not a proof; a sandbox
 * is the proof.
 */
export function checkCodePaths(code: string, options: CodePathOptions): string[] {
  const allowed = options.allowedDir;
  const relativeForbidden = options.forbidden.filter((path) => !posix.isAbsolute(toPosix(path))).map((path) => posix.normalize(toPosix(path)));
  const absoluteForbidden = options.forbidden.filter((path) => posix.isAbsolute(toPosix(path))).map((path) => posix.normalize(toPosix(path)));
  const { strings, statements } = pythonStrings(code);
  const folders = folderContext(allowed, statements, strings);

  const problems: string[] = [];
  for (const literal of strings) {
    const path = asPath(literal.value);
    if (path === null) continue;
    const shown = `'${literal.value.replace(new RegExp(PLACEHOLDER, 'g'), '{…}').slice(0, 100)}'`;
    const at = `Line ${literal.line}: ${shown}`;
    const inputs = `read inputs from '${allowed}/' and write outputs in the working folder with relative paths`;

    if (absoluteForbidden.some((dir) => path === dir || path.startsWith(`${dir}/`))) {
      problems.push(`${at} names a private ADSA file the script must not read; ${inputs}.`);
      continue;
    }
    const original = relativeForbidden.find((file) => namesFile(path, file, allowed, folders.joinedWithAllowed(literal.statement)));
    if (original !== undefined) {
      problems.push(
        `${at} names the labelled training file ${original}, which holds the private hold-out; read '${allowed}/${posix.basename(original)}' instead.`,
      );
    } else if (isAbsolute(path) && !SAFE_ABSOLUTE.test(path)) {
      problems.push(`${at} is an absolute path outside the working folder; ${inputs}.`);
    } else if (path === '..' || path.startsWith('../')) {
      problems.push(`${at} climbs out of the working folder with '..'; ${inputs}.`);
    }
  }
  return problems;
}

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

/**
 * The literal as a normalised path, or null when it does not look like one: no slash and no data
 * extension, or whitespace, a URL, a regular expression. Format fields become placeholders.
 */
function asPath(value: string): string | null {
  if (value === '' || /\s/.test(value) || URL.test(value)) return null;
  // C:\data\train.csv and data\d1.csv have regex-like escapes but are paths; r'.*\.csv' is not.
  if (REGEX.test(value) && !/^[a-z]:\\/i.test(value) && !/(?<!\\)\.\w+$/.test(value)) return null;
  const path = toPosix(value.replace(FORMAT_FIELD, PLACEHOLDER));
  if (!path.includes('/') && !DATA_EXTENSION.test(path)) return null;
  // "/" alone, "//", "/ (" and the like are separators in text, not paths.
  if (path.startsWith('/') && !/^\/[\w.~-]/.test(path)) return null;
  return path.startsWith('~') || /^[a-z]:\//i.test(path) ? path : posix.normalize(path);
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || path.startsWith('~') || /^[a-z]:\//i.test(path);
}

/**
 * Whether a path names the forbidden file: the same relative path, or its base name in any other
 * folder than the allowed one. A bare base name (or one under an f-string folder) is fine when it
 * is presumably joined with the allowed folder: os.path.join(STAGED, 'train.csv').
 */
function namesFile(path: string, file: string, allowed: string, joinedWithAllowed: boolean): boolean {
  const lowerPath = path.toLowerCase();
  if (lowerPath === file.toLowerCase()) return true;
  if (lowerPath === allowed || lowerPath.startsWith(`${allowed}/`)) return false;
  const name = posix.basename(file).toLowerCase();
  const base = posix.basename(lowerPath);
  const matches = base === name || (/[*?]/.test(base) && path.includes('/') && globMatches(lowerPath, file.toLowerCase()));
  if (!matches) return false;
  const folder = posix.dirname(path);
  const unknownFolder = folder === '.' || folder.split('/').every((part) => part.includes(PLACEHOLDER) || part === '.');
  return !(unknownFolder && joinedWithAllowed);
}

/** data/*.csv or **\/train.csv against data/train.csv. */
function globMatches(pattern: string, path: string): boolean {
  const parts = pattern.split('/').map((part) =>
    part === '**' ? '(?:[^/]+/)*' : `${part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}/`,
  );
  const source = parts.join('');
  return new RegExp(`^${pattern.endsWith('**') ? source : source.slice(0, -1)}$`).test(path);
}

/**
 * Which statements a bare file name is presumably joined with the allowed folder in. Variables are
 * followed in source order: STAGED = Path("staged_data") makes STAGED an allowed folder, DATA = "data"
 * another one. A statement naming the allowed folder (directly or by variable) joins with it; one
 * naming another folder variable does not; any other does when the script names the allowed folder
 * somewhere (a helper such as load("train.csv")), since a bare name alone resolves in the run folder.
 */
function folderContext(
  allowed: string,
  statements: PythonStatement[],
  strings: { value: string; statement: number }[],
): { joinedWithAllowed(statement: number): boolean } {
  const withLiteral = new Set(strings.map((literal) => literal.statement));
  const naming = new Set(strings.filter((literal) => toPosix(literal.value).split('/').includes(allowed)).map((literal) => literal.statement));
  const allowedVariables = new Set<string>();
  const otherVariables = new Set<string>();
  const other = new Set<number>();
  statements.forEach((statement, index) => {
    const words = statement.text.match(/\b[A-Za-z_]\w*\b/g) ?? [];
    if (words.some((word) => allowedVariables.has(word))) naming.add(index);
    else if (words.some((word) => otherVariables.has(word))) other.add(index);
    const assigned = /^\s*(?:self\.)?([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)/.exec(statement.text)?.[1];
    if (assigned === undefined) return;
    allowedVariables.delete(assigned);
    otherVariables.delete(assigned);
    if (naming.has(index)) allowedVariables.add(assigned);
    else if (withLiteral.has(index) || other.has(index)) otherVariables.add(assigned);
  });
  const scriptNamesAllowed = naming.size > 0;
  return { joinedWithAllowed: (statement) => naming.has(statement) || (!other.has(statement) && scriptNamesAllowed) };
}
