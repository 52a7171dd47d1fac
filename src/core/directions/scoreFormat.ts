/** Five significant digits, no trailing zeros: 0.81234, 12346, 0.0012346. */
export function formatScore(value: number): string {
  return String(Number(value.toPrecision(5)));
}

/** A gap with its sign, so a reader sees at once which way it goes: +0.012, -0.003. */
export function formatGap(value: number): string {
  const text = formatScore(value);
  return value > 0 ? `+${text}` : text;
}

export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 360) / 10} h`;
}
