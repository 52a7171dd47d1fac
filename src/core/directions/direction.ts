import { z } from 'zod';

export const DirectionStatusSchema = z.enum(['planned', 'in_progress', 'done', 'abandoned']);
export type DirectionStatus = z.infer<typeof DirectionStatusSchema>;

const SLUG_MAX = 40;
const oneLine = (what: string) => z.string().regex(/^[^\r\n]*$/, `${what} must be a single line`);

/** A named approach explored by its own loop on its own branch; its note is `research_directions/<slug>.md`. */
export const DirectionSchema = z.object({
  /** Kebab-case ASCII: names the note, the results file and the branch `exp/<slug>`. */
  slug: z.string().max(SLUG_MAX).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug must be kebab-case ASCII'),
  title: oneLine('title').trim().min(1).max(200),
  rationale: z.string(),
  status: DirectionStatusSchema,
  /** Null until the direction has a branch; no spaces or backticks, so it renders as code. */
  branch: z.string().regex(/^[^\s`]+$/, 'branch must have no spaces or backticks').nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  origin: z.enum(['generator', 'user']),
  /** What the direction runs on, e.g. "GPU 0" or "2 CPU threads". */
  devices: oneLine('devices').optional(),
});
export type Direction = z.infer<typeof DirectionSchema>;

/** A direction before it has a slug: what the generator proposes or the user suggests. */
export interface DirectionProposal {
  title: string;
  rationale: string;
}

/**
 * A kebab-case ASCII slug of at most 40 characters, made unique against `taken` with -2, -3, …
 * It does not add itself to `taken`: the caller decides when the slug is in use.
 */
export function slugify(title: string, taken: ReadonlySet<string>): string {
  const base =
    cutAtHyphen(
      title
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, ''),
      SLUG_MAX,
    ) || 'direction';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${cutAtHyphen(base, SLUG_MAX - suffix.length) || 'direction'}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** At most `max` characters, cut at a word boundary when one is near, never ending in '-'. */
function cutAtHyphen(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  const lastHyphen = slug[max] === '-' ? max : cut.lastIndexOf('-');
  const kept = lastHyphen >= max / 2 ? cut.slice(0, lastHyphen) : cut;
  return kept.replace(/-+$/, '');
}

/** A planned direction for a proposal, with a slug unique against `taken`. */
export function plannedDirection(proposal: DirectionProposal, origin: Direction['origin'], taken: ReadonlySet<string>): Direction {
  const title = proposal.title.replace(/\s+/g, ' ').trim();
  return DirectionSchema.parse({
    slug: slugify(title, taken),
    title,
    rationale: proposal.rationale.trim(),
    status: 'planned',
    branch: null,
    startedAt: null,
    finishedAt: null,
    origin,
  });
}
