/** A fenced code block in a markdown reply. Line numbers index the reply's lines. */
export interface Fence {
  /** The info string's first word, lower-cased ('' for a bare fence). */
  lang: string;
  /** The lines between the fences, joined with '\n', with a final '\n' when non-empty. */
  content: string;
  openLine: number;
  /** null when the reply ends before the fence is closed (a cut-off reply). */
  closeLine: number | null;
}

const OPEN = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;

/** Finds ``` and ~~~ fenced blocks; a closing fence uses the same character and is at least as long. */
export function findFences(lines: readonly string[]): Fence[] {
  const fences: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i] ?? '');
    if (!open) continue;
    const marker = open[1] ?? '```';
    const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end] ?? '')) end++;
    const body = lines.slice(i + 1, end);
    fences.push({
      lang: (open[2] ?? '').toLowerCase(),
      content: body.length > 0 ? body.join('\n') + '\n' : '',
      openLine: i,
      closeLine: end < lines.length ? end : null,
    });
    i = end;
  }
  return fences;
}
