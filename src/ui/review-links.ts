/**
 * Which links a review item offers (R11, R2, R29). An item's candidates name records on both
 * sides; each Docketwise candidate can be linked with each MyCase candidate. An item with
 * candidates on one side only offers no pair (the manual form covers it). Pure.
 */
import type { ReviewItem } from './view-types';

export interface LinkChoice {
  docketwiseId: number;
  mycaseId: number;
  text: string;
}

/**
 * Kinds where linking two records is a resolution. A deletion (R29) concerns a pair that is
 * already linked, and a case without a person client needs a client, not a link.
 */
const LINKABLE: ReadonlySet<ReviewItem['kind']> = new Set(['ambiguous-match', 'email-in-use']);

/** Caps the offered pairs so a pathological item cannot render thousands of buttons. */
const MAX_CHOICES = 20;

export function linkChoices(item: ReviewItem): LinkChoice[] {
  if (!LINKABLE.has(item.kind)) return [];
  const dw = item.candidates.filter((c) => c.side === 'docketwise');
  const mc = item.candidates.filter((c) => c.side === 'mycase');
  const choices: LinkChoice[] = [];
  for (const d of dw) {
    for (const m of mc) {
      if (choices.length >= MAX_CHOICES) return choices;
      choices.push({
        docketwiseId: d.id,
        mycaseId: m.id,
        text: `Link Docketwise "${d.label}" (#${d.id}) to MyCase "${m.label}" (#${m.id})`,
      });
    }
  }
  return choices;
}

export const reviewKindName: Record<ReviewItem['kind'], string> = {
  'ambiguous-match': 'More than one possible match',
  'email-in-use': 'Email already used by another MyCase contact',
  'deleted-on-docketwise': 'Deleted or archived in Docketwise',
  'deleted-on-mycase': 'Deleted or archived in MyCase',
  'no-person-client': 'Case without a person client',
};

/** A positive whole number typed by a person, or null. */
export function parseRecordId(text: string): number | null {
  const trimmed = text.trim().replace(/^#/, '');
  if (!/^\d{1,15}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
