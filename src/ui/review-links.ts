/**
 * Which links a review item offers (R11, R2, R29). An item's candidates name records on both
 * sides; each Docketwise candidate can be linked with each MyCase candidate. An item with
 * candidates on one side only offers no pair (the manual form covers it). Pure.
 */
import { productName } from './format';
import type { Product, ReviewChoice, ReviewItem } from './view-types';

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
  'sync-stopped': 'A sync stopped',
};

export interface MarkChoice {
  action: ReviewChoice;
  text: string;
}

type Mark = NonNullable<ReviewItem['mark']>;

const other = (side: Product): Product => (side === 'mycase' ? 'docketwise' : 'mycase');

/** What each product calls the record: a Docketwise matter is a MyCase case. */
function noun(item: ReviewItem, side: Product): string {
  return item.entity === 'contact' ? 'contact' : side === 'mycase' ? 'case' : 'matter';
}

/** R29: the buttons a deleted or archived linked record offers, in the order the background sent. */
export function markChoices(item: ReviewItem): MarkChoice[] {
  const { mark } = item;
  if (!mark) return [];
  const text: Record<ReviewChoice, string> = { recreate: `Re-create in ${productName[mark.side]}`, resume: 'Keep syncing', unlink: 'Unlink' };
  return mark.choices.map((action) => ({ action, text: text[action] }));
}

/** R29 in plain words: what happened, that the other side was left alone, and what each choice does. */
export function markExplanation(item: ReviewItem & { mark: Mark }): { happened: string; choices: string } {
  const { what, side } = item.mark;
  const where = productName[side];
  const elsewhere = productName[other(side)];
  const happened = `This ${noun(item, side)} was ${what} in ${where}. The ${noun(item, other(side))} in ${elsewhere} was left as it is: the sync never deletes or archives anything for you.`;
  const unlink = `Unlink leaves both as they are and stops keeping them in step.`;
  const choices =
    what === 'deleted'
      ? `Re-create in ${where} makes it again from the ${elsewhere} ${noun(item, other(side))} and keeps the two in step. ${unlink}`
      : `If it was archived by mistake, unarchive it in ${where} first, then choose Keep syncing to keep the two in step again. ${unlink}`;
  return { happened, choices };
}

/** A positive whole number typed by a person, or null. */
export function parseRecordId(text: string): number | null {
  const trimmed = text.trim().replace(/^#/, '');
  if (!/^\d{1,15}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
