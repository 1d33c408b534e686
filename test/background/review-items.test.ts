/** How stored review items are shown (R27): the kind the options page and the popup name. */
import { describe, expect, it } from 'vitest';
import { uiReviewItem } from '../../src/background/status';
import type { ReviewItem } from '../../src/store/schema';

const item = (over: Partial<ReviewItem>): ReviewItem => ({
  key: 'k',
  kind: 'ambiguous',
  entity: 'contact',
  dwIds: [],
  mcIds: [],
  detail: '',
  nextStep: '',
  at: 1,
  ...over,
});
const label = (side: 'mycase' | 'docketwise', id: number) => `${side} ${id}`;

describe('review items for the UI', () => {
  it('R27 a stopped sync is shown as such, not as a deleted record', () => {
    const stopped = uiReviewItem(item({ key: 'run-failed:pull', kind: 'run-failed', detail: 'The pull sync stopped: MyCase refused access.' }), label);
    expect(stopped.kind).toBe('sync-stopped');
    // Saved by an earlier version under the deletion kind: the key still tells.
    expect(uiReviewItem(item({ key: 'run-failed:initial', kind: 'link-marked', detail: 'The initial sync stopped: Docketwise is down.' }), label).kind).toBe('sync-stopped');
  });

  it('R29 a deletion names the side it happened on', () => {
    expect(uiReviewItem(item({ key: 'link-marked:contact:1', kind: 'link-marked', dwIds: [1], mcIds: [2], detail: 'Contact "Ana" was deleted in Docketwise.' }), label).kind).toBe('deleted-on-docketwise');
    expect(uiReviewItem(item({ key: 'link-marked:contact:3', kind: 'link-marked', dwIds: [3], mcIds: [4], detail: 'Contact "Bo" was deleted in MyCase.' }), label).kind).toBe('deleted-on-mycase');
  });
});
