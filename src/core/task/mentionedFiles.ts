const DATA_EXTENSIONS = [
  'csv', 'tsv', 'parquet', 'feather', 'arrow', 'json', 'jsonl', 'ndjson', 'txt',
  'xlsx', 'xls', 'npy', 'npz', 'h5', 'hdf5', 'pkl', 'pickle', 'zip', 'gz',
];

// A relative or absolute path ending in a data extension, not glued to a longer word or path.
const FILE_NAME = new RegExp(
  `(?<![\\w./\\\\-])(\\/?(?:[\\w.-]+\\/)*[\\w.-]+\\.(?:${DATA_EXTENSIONS.join('|')}))(?![\\w/-])`,
  'gi',
);

export interface MentionedFile {
  /** As written in task.md, e.g. "train.csv" or "data/test.csv". */
  name: string;
  /** The sentence it appears in, for context such as "the test set". */
  context: string;
}

/** File names task.md mentions, first mention first, without duplicates; links' URLs are ignored. */
export function mentionedFiles(markdown: string): MentionedFile[] {
  const found = new Map<string, MentionedFile>();
  for (const line of markdown.split(/\r?\n/)) {
    const withoutUrls = line.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ');
    for (const sentence of withoutUrls.split(/(?<=[.!?;])\s+/)) {
      for (const match of sentence.matchAll(FILE_NAME)) {
        const name = match[1];
        if (name && !found.has(name)) found.set(name, { name, context: sentence.trim() });
      }
    }
  }
  return [...found.values()];
}
