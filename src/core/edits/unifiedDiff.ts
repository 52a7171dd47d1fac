import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/** A unified diff of before -> after with `---`/`+++` headers (labels follow the names after a tab). */
export function unifiedDiff(before: string, after: string, fileName: string, oldLabel?: string, newLabel?: string): string {
  return createTwoFilesPatch(fileName, fileName, before, after, oldLabel, newLabel, { headerOptions: FILE_HEADERS_ONLY });
}
