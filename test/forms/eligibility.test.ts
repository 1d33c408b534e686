import { describe, expect, it } from 'vitest';
import {
  FAMILY_GREEN_CARD_REASON,
  NOT_LINKED_REASON,
  NOTHING_CHOSEN_REASON,
  isFamilyGreenCardSmartForm,
  itemEligibility,
  selectionEligibility,
} from '../../src/forms/eligibility';

const linked = { name: 'Gonzalez', mycaseCaseId: 501 };
const unlinked = { name: 'Gonzalez', mycaseCaseId: null };
const i130 = { title: 'I-130', kind: 'form' as const };
const passport = { title: 'Passport scan', kind: 'document' as const };
const familyGreenCard = { title: 'Family Green Card Smart Form', kind: 'form' as const };

describe('Sync Form to MyCase eligibility', () => {
  it('R25 is disabled, with how to link it, when the matter is not linked to a MyCase case', () => {
    expect(itemEligibility(unlinked, i130)).toEqual({ enabled: false, reason: NOT_LINKED_REASON });
    expect(itemEligibility(unlinked, passport)).toEqual({ enabled: false, reason: NOT_LINKED_REASON });
    expect(selectionEligibility(unlinked, [i130])).toEqual({ enabled: false, reason: NOT_LINKED_REASON });
    expect(NOT_LINKED_REASON).toMatch(/link/i);
    expect(NOT_LINKED_REASON).toMatch(/Sync MyCase|options page/);
  });

  it('R25 is disabled for the Family Green Card Smart Form, and says why', () => {
    expect(itemEligibility(linked, familyGreenCard)).toEqual({ enabled: false, reason: FAMILY_GREEN_CARD_REASON });
    const selection = selectionEligibility(linked, [i130, familyGreenCard]);
    expect(selection.enabled).toBe(false);
    expect(!selection.enabled && selection.reason).toContain('Family Green Card Smart Form');
  });

  it('R25 recognises the Family Green Card Smart Form however its title is written', () => {
    for (const title of ['Family Green Card Smart Form', 'family green card smart form', 'Family-Based Green Card Smart Form', '  FAMILY  GREEN-CARD Smart Form (2026)']) {
      expect(isFamilyGreenCardSmartForm(title), title).toBe(true);
    }
    for (const title of ['Green Card Smart Form', 'I-485', 'Family Tree Questionnaire', 'Greencard Family']) {
      expect(isFamilyGreenCardSmartForm(title), title).toBe(false);
    }
  });

  it('R24 is enabled for USCIS forms, other smart forms and documents of a linked matter', () => {
    expect(itemEligibility(linked, i130)).toEqual({ enabled: true });
    expect(itemEligibility(linked, { title: 'Green Card Smart Form', kind: 'form' })).toEqual({ enabled: true });
    expect(itemEligibility(linked, passport)).toEqual({ enabled: true });
    // A document that happens to be named like the form is an uploaded file, not the smart form.
    expect(itemEligibility(linked, { title: 'Family Green Card Smart Form', kind: 'document' })).toEqual({ enabled: true });
    expect(selectionEligibility(linked, [i130, passport])).toEqual({ enabled: true });
  });

  it('R24 needs at least one chosen item', () => {
    expect(selectionEligibility(linked, [])).toEqual({ enabled: false, reason: NOTHING_CHOSEN_REASON });
  });
});
