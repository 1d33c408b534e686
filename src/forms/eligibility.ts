/**
 * R25: when "Sync Form to MyCase" is offered. Pure rules, so the dialog, the background job and
 * the tests agree on one answer and one plain-words reason.
 */
import type { RecordId } from '../core/types';

export type Eligibility = { enabled: true } | { enabled: false; reason: string };

export interface EligibilityMatter {
  name: string;
  /** The linked MyCase case, or null when the matter has no link. */
  mycaseCaseId: RecordId | null;
}

export interface EligibilityItem {
  title: string;
  kind: 'form' | 'document';
}

export const NOT_LINKED_REASON =
  'This matter is not linked to a MyCase case yet. Link it first: run "Sync MyCase" from the ' +
  'profile menu (new matters are sent to MyCase in two-way mode), or link it to its case on the ' +
  "extension's options page. Then try again.";

export const FAMILY_GREEN_CARD_REASON =
  'The Family Green Card Smart Form cannot be sent to MyCase (Docketwise does not offer this for ' +
  'it). Download its PDF from Docketwise and add it to the MyCase case by hand.';

export const NOTHING_CHOSEN_REASON = 'Choose at least one form or document to send.';

/**
 * The documented exclusion. Matched on the words, ignoring case, punctuation and a "-based"
 * ("Family-Based Green Card Smart Form"), so small differences in how the title is written do not
 * let it through; the plain "Green Card Smart Form" stays allowed.
 */
export function isFamilyGreenCardSmartForm(title: string): boolean {
  const words = title.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return /\bfamily (based )?green card\b/.test(words);
}

export function itemEligibility(matter: EligibilityMatter, item: EligibilityItem): Eligibility {
  if (matter.mycaseCaseId === null) return { enabled: false, reason: NOT_LINKED_REASON };
  if (item.kind === 'form' && isFamilyGreenCardSmartForm(item.title)) {
    return { enabled: false, reason: FAMILY_GREEN_CARD_REASON };
  }
  return { enabled: true };
}

/** The Sync button: enabled only for a linked matter and a non-empty choice of allowed items. */
export function selectionEligibility(matter: EligibilityMatter, items: readonly EligibilityItem[]): Eligibility {
  if (matter.mycaseCaseId === null) return { enabled: false, reason: NOT_LINKED_REASON };
  if (items.length === 0) return { enabled: false, reason: NOTHING_CHOSEN_REASON };
  for (const item of items) {
    const answer = itemEligibility(matter, item);
    if (!answer.enabled) return { enabled: false, reason: `"${item.title}": ${answer.reason}` };
  }
  return { enabled: true };
}
