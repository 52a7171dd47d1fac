const BOOLEAN_TRUE = new Set(['true', '1', '1.0', 'yes']);
const BOOLEAN_FALSE = new Set(['false', '0', '0.0', 'no']);

export function isNumeric(value: string): boolean {
  return value.trim() !== '' && Number.isFinite(Number(value));
}

/** Whether the classes are True/False (any case) or 0/1: predictions may then use either spelling. */
export function isBooleanClasses(classes: readonly string[]): boolean {
  if (classes.length !== 2) return false;
  const lower = classes.map((value) => value.trim().toLowerCase());
  return lower.some((value) => BOOLEAN_TRUE.has(value)) && lower.some((value) => BOOLEAN_FALSE.has(value));
}

/** Numeric classes in numeric order, else plain string order: the same on every machine. */
export function sortClasses(values: Iterable<string>): string[] {
  const classes = [...new Set(values)];
  if (classes.every(isNumeric)) return classes.sort((a, b) => Number(a) - Number(b));
  return classes.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The class binary metrics score: True or 1 when present, else the second of the sorted classes. */
export function positiveClass(classes: readonly string[]): string | undefined {
  const sorted = sortClasses(classes);
  return sorted.find((value) => ['true', '1'].includes(value.trim().toLowerCase())) ?? sorted[1];
}

/**
 * Maps a predicted label onto one of the classes: True/true/1 for booleans, 1.0 for 1 with numeric
 * classes, else the exact trimmed text. Null when it matches none.
 */
export function matchClass(value: string, classes: readonly string[]): string | null {
  const text = value.trim();
  if (classes.includes(text)) return text;
  if (isBooleanClasses(classes)) {
    const lower = text.toLowerCase();
    const wanted = BOOLEAN_TRUE.has(lower) ? BOOLEAN_TRUE : BOOLEAN_FALSE.has(lower) ? BOOLEAN_FALSE : null;
    return wanted ? (classes.find((c) => wanted.has(c.trim().toLowerCase())) ?? null) : null;
  }
  if (isNumeric(text)) return classes.find((c) => isNumeric(c) && Number(c) === Number(text)) ?? null;
  return null;
}
