export type ColumnType = 'int' | 'float' | 'bool' | 'string' | 'empty';

/** The spellings pandas reads as missing by default (a subset that matters in practice). */
const MISSING = new Set(['', 'na', 'n/a', 'nan', '-nan', 'null', 'none', '#n/a', '<na>']);
const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOL = /^(?:true|false)$/i;

/** Distinct values are counted up to this many; past it only "more than" is known. */
const MAX_DISTINCT = 1000;
/** Low-cardinality columns list their values, which helps the generator encode them. */
const LIST_VALUES_UP_TO = 10;
const MAX_VALUE_CHARS = 100;

/** Running statistics of one CSV column, fed one cell at a time with bounded memory. */
export class ColumnStats {
  missing = 0;
  private present = 0;
  private allInt = true;
  private allFloat = true;
  private allBool = true;
  private min = Infinity;
  private max = -Infinity;
  private readonly counts = new Map<string, number>();
  private tooManyDistinct = false;

  constructor(readonly name: string) {}

  add(cell: string): void {
    const value = cell.trim();
    if (MISSING.has(value.toLowerCase())) {
      this.missing++;
      return;
    }
    this.present++;
    const isFloat = FLOAT.test(value);
    this.allInt &&= INT.test(value);
    this.allFloat &&= isFloat;
    this.allBool &&= BOOL.test(value);
    if (isFloat) {
      const number = Number(value);
      if (number < this.min) this.min = number;
      if (number > this.max) this.max = number;
    }
    if (this.tooManyDistinct) return;
    const key = value.slice(0, MAX_VALUE_CHARS);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (this.counts.size > MAX_DISTINCT) {
      this.tooManyDistinct = true;
      this.counts.clear();
    }
  }

  type(): ColumnType {
    if (this.present === 0) return 'empty';
    if (this.allBool) return 'bool';
    if (this.allInt) return 'int';
    if (this.allFloat) return 'float';
    return 'string';
  }

  /** One line, e.g. "Age: float, 179 missing, 80 distinct, 0 to 79". */
  describe(): string {
    const type = this.type();
    const parts = [`${this.name}: ${type}`, `${this.missing} missing`];
    if (type === 'empty') return parts.join(', ');
    parts.push(this.tooManyDistinct ? `>${MAX_DISTINCT} distinct` : `${this.counts.size} distinct`);
    if (type === 'int' || type === 'float') parts.push(`${round(this.min)} to ${round(this.max)}`);
    else if (!this.tooManyDistinct && this.counts.size <= LIST_VALUES_UP_TO) {
      const values = [...this.counts.entries()].sort((a, b) => b[1] - a[1]).map(([value]) => clip(value, 30));
      parts.push(`values: ${values.join(' | ')}`);
    }
    return parts.join(', ');
  }
}

function round(value: number): string {
  return String(Number(value.toPrecision(6)));
}

/** Shortened and kept on one line. */
function clip(text: string, max: number): string {
  const flat = text.replace(/\r?\n/g, '\\n');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
