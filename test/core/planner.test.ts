import { describe, expect, it } from 'vitest';
import { BadPayloadError } from '../../src/core/errors';
import { hashContactFields, hashMatterFields } from '../../src/core/hash';
import { contactMatchKey } from '../../src/core/matching';
import { planContacts, planMatters, type ContactPlanInput, type Link, type MatterPlanInput } from '../../src/core/planner';
import { emptyAddress, type ContactFields, type MatterFields, type SideContact, type SideMatter } from '../../src/core/types';

const fields = (n: number, over: Partial<ContactFields> = {}): ContactFields => ({
  firstName: `F${n}`,
  lastName: `L${n}`,
  email: `p${n}@x.com`,
  address: emptyAddress(),
  mobilePhone: '',
  workPhone: '',
  ...over,
});
const contact = (side: SideContact['side'], id: number, over: Partial<SideContact> = {}): SideContact => ({
  side,
  id,
  kind: 'person',
  lead: false,
  archived: false,
  updatedAt: '2026-01-05T10:00:00Z',
  fields: fields(id),
  ...over,
});
const contactLink = (dwId: number, mcId: number, f: ContactFields, state: Link['state'] = 'ok'): Link => ({
  entity: 'contact',
  state,
  dw: { id: dwId, hash: hashContactFields(f), fields: f },
  mc: { id: mcId, hash: hashContactFields(f), fields: f },
  linkedAt: '2026-01-01T00:00:00Z',
});

const plan = (over: Partial<ContactPlanInput>) =>
  planContacts({
    mode: 'two-way',
    source: 'mycase',
    records: [],
    linkOf: () => undefined,
    dwCandidates: () => [],
    ambiguousKeys: new Set(),
    isPreActivation: () => false,
    ...over,
  });

describe('planner: contacts from MyCase (pull / initial)', () => {
  it('R3 a company is skipped and counted', () => {
    expect(plan({ records: [contact('mycase', 1, { kind: 'company' })] })).toEqual([
      { kind: 'skip', entity: 'contact', side: 'mycase', id: 1, reason: 'company' },
    ]);
  });

  it('R10 an unmatched MC person is created in DW', () => {
    expect(plan({ records: [contact('mycase', 1)] })).toEqual([{ kind: 'create', entity: 'contact', target: 'docketwise', sourceId: 1 }]);
  });

  it('R8 R14 one unlinked DW person with the same key is linked', () => {
    const actions = plan({ records: [contact('mycase', 1)], dwCandidates: () => [{ id: 50, linked: false }] });
    expect(actions).toEqual([{ kind: 'link', entity: 'contact', mcId: 1, dwId: 50 }]);
  });

  it('R11 two DW persons with the key, a DW person already linked, or a known ambiguous key: nothing linked', () => {
    const record = contact('mycase', 1);
    const key = contactMatchKey(record.fields);
    for (const input of [
      { dwCandidates: () => [{ id: 50, linked: false }, { id: 51, linked: false }] },
      { dwCandidates: () => [{ id: 50, linked: true }] },
      { ambiguousKeys: new Set([key]) },
    ]) {
      const [action] = plan({ records: [record], ...input });
      expect(action).toMatchObject({ kind: 'ambiguous', key, mcIds: [1] });
    }
  });

  it('R19 a linked record whose hash equals the last-synced hash is unchanged (no echo)', () => {
    const record = contact('mycase', 1);
    const link = contactLink(50, 1, record.fields);
    expect(plan({ records: [record], linkOf: () => link })).toEqual([{ kind: 'unchanged', entity: 'contact', side: 'mycase', id: 1 }]);
  });

  it('R14 a linked record that changed is synced as a pair', () => {
    const link = contactLink(50, 1, fields(1));
    const record = contact('mycase', 1, { fields: fields(1, { workPhone: '1' }) });
    expect(plan({ records: [record], linkOf: () => link })).toEqual([
      { kind: 'sync-pair', entity: 'contact', source: 'mycase', dwId: 50, mcId: 1 },
    ]);
  });

  it('R29 archived on the source: the link is marked; a marked link is left alone', () => {
    const link = contactLink(50, 1, fields(1));
    expect(plan({ records: [contact('mycase', 1, { archived: true })], linkOf: () => link })).toEqual([
      { kind: 'mark-link', entity: 'contact', dwId: 50, mcId: 1, state: 'archived-on-mc' },
    ]);
    const marked = contactLink(50, 1, fields(1), 'deleted-on-dw');
    expect(plan({ records: [contact('mycase', 1, { fields: fields(1, { workPhone: '2' }) })], linkOf: () => marked })).toEqual([
      { kind: 'skip', entity: 'contact', side: 'mycase', id: 1, reason: 'link-marked' },
    ]);
  });

  it('R29 an unlinked archived record is not created elsewhere', () => {
    expect(plan({ records: [contact('mycase', 1, { archived: true })] })[0]).toMatchObject({ kind: 'skip', reason: 'archived' });
  });

  it('R22 a rejected payload becomes a reject action naming the record', () => {
    const error = new BadPayloadError('bad email', 'mycase', 9, 'email');
    expect(plan({ rejected: [error] })).toEqual([{ kind: 'reject', entity: 'contact', side: 'mycase', id: 9, error }]);
  });
});

describe('planner: contacts from Docketwise (push)', () => {
  const push = (over: Partial<ContactPlanInput>) => plan({ source: 'docketwise', ...over });

  it('R16 a new primary contact is created in MC', () => {
    expect(push({ records: [contact('docketwise', 5)] })).toEqual([{ kind: 'create', entity: 'contact', target: 'mycase', sourceId: 5 }]);
  });

  it('R16 leads are not pushed; R3 companies are not pushed', () => {
    expect(push({ records: [contact('docketwise', 5, { lead: true })] })[0]).toMatchObject({ kind: 'skip', reason: 'lead' });
    expect(push({ records: [contact('docketwise', 5, { kind: 'company' })] })[0]).toMatchObject({ kind: 'skip', reason: 'company' });
  });

  it('R23 one-way mode pushes nothing new', () => {
    expect(push({ mode: 'one-way', records: [contact('docketwise', 5)] })[0]).toMatchObject({ kind: 'skip', reason: 'one-way' });
  });

  it('R10 a DW contact unmatched at activation stays unlinked', () => {
    expect(push({ records: [contact('docketwise', 5)], isPreActivation: () => true })[0]).toMatchObject({ kind: 'skip', reason: 'pre-activation' });
  });

  it('R29 a linked DW contact deleted in DW marks the link; an unlinked one is ignored', () => {
    const link = contactLink(5, 1, fields(5));
    expect(push({ missing: [5], linkOf: () => link })).toEqual([{ kind: 'mark-link', entity: 'contact', dwId: 5, mcId: 1, state: 'deleted-on-dw' }]);
    expect(push({ missing: [6] })).toEqual([]);
  });
});

describe('planner: matters', () => {
  const matter = (side: SideMatter['side'], id: number, over: Partial<SideMatter> = {}): SideMatter => ({
    side,
    id,
    archived: false,
    updatedAt: '2026-01-06T00:00:00Z',
    createdAt: '2026-01-06T00:00:00Z',
    fields: { name: `M${id}`, description: '', clientIds: [1] },
    ...over,
  });
  const mp = (over: Partial<MatterPlanInput>) =>
    planMatters({ mode: 'two-way', source: 'mycase', records: [], linkOf: () => undefined, activatedAt: '2026-01-05T00:00:00Z', ...over });
  const mLink = (f: MatterFields): Link => ({
    entity: 'matter',
    state: 'ok',
    dw: { id: 90, hash: hashMatterFields(f), fields: f },
    mc: { id: 9, hash: hashMatterFields(f), fields: f },
    linkedAt: '2026-01-05T00:00:00Z',
  });

  it('R12 a case created before activation is never synced unless linked', () => {
    expect(mp({ records: [matter('mycase', 9, { createdAt: '2026-01-01T00:00:00Z' })] })[0]).toMatchObject({ kind: 'skip', reason: 'pre-activation' });
    const old = matter('mycase', 9, { createdAt: '2026-01-01T00:00:00Z', fields: { name: 'New', description: '', clientIds: [1] } });
    expect(mp({ records: [old], linkOf: () => mLink(matter('mycase', 9).fields) })[0]).toMatchObject({ kind: 'sync-pair' });
  });

  it('R15 a case created after activation is created in DW', () => {
    expect(mp({ records: [matter('mycase', 9)] })).toEqual([{ kind: 'create', entity: 'matter', target: 'docketwise', sourceId: 9 }]);
  });

  it('R17 a DW matter created after activation is created in MC; R23 not in one-way mode', () => {
    expect(mp({ source: 'docketwise', records: [matter('docketwise', 90)] })).toEqual([{ kind: 'create', entity: 'matter', target: 'mycase', sourceId: 90 }]);
    expect(mp({ source: 'docketwise', mode: 'one-way', records: [matter('docketwise', 90)] })[0]).toMatchObject({ kind: 'skip', reason: 'one-way' });
  });

  it('R19 an unchanged linked matter is not a change; R29 an archived one marks the link', () => {
    const m = matter('mycase', 9);
    expect(mp({ records: [m], linkOf: () => mLink(m.fields) })[0]).toMatchObject({ kind: 'unchanged' });
    expect(mp({ records: [{ ...m, archived: true }], linkOf: () => mLink(m.fields) })[0]).toMatchObject({ kind: 'mark-link', state: 'archived-on-mc' });
    expect(mp({ records: [{ ...m, archived: true }] })[0]).toMatchObject({ kind: 'skip', reason: 'archived' });
  });

  it('R29 a linked matter deleted on the source marks the link; R22 rejects are logged', () => {
    const m = matter('mycase', 9);
    expect(mp({ missing: [9], linkOf: () => mLink(m.fields) })[0]).toMatchObject({ kind: 'mark-link', state: 'deleted-on-mc' });
    const error = new BadPayloadError('bad', 'mycase', 9, 'name');
    expect(mp({ rejected: [error] })[0]).toMatchObject({ kind: 'reject', id: 9 });
  });
});
