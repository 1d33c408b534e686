import { describe, expect, it } from 'vitest';
import {
  addressForDocketwise,
  addressForMyCase,
  contactPatch,
  mergeContact,
  mergeMatter,
} from '../../src/core/merge';
import { emptyAddress, type ContactFields, type MatterFields } from '../../src/core/types';

const c = (over: Partial<ContactFields> = {}): ContactFields => ({
  firstName: 'Ana',
  lastName: 'Lopez',
  email: 'ana@example.com',
  address: { ...emptyAddress(), street: '1 Main St', unitNumber: '4B', unitType: 'apt', city: 'Austin' },
  mobilePhone: '5125550100',
  workPhone: '5125550199',
  ...over,
});

describe('contact mapping and merge', () => {
  it('R1 a patch carries only the fields that differ', () => {
    expect(contactPatch(c(), c({ lastName: 'Lopes', mobilePhone: '(512) 555-0100' }))).toEqual({ lastName: 'Lopes' });
    expect(contactPatch(c(), c())).toEqual({});
  });

  it('R9 first match: MC values overwrite DW, only the differing fields', () => {
    const m = mergeContact({ mode: 'two-way', mc: c({ workPhone: '111' }), dw: c(), base: null });
    expect(m.toDw).toEqual({ workPhone: '111' });
    expect(m.toMc).toEqual({});
  });

  it('R9 an empty MC value does not erase a DW value, and it is noted', () => {
    const m = mergeContact({ mode: 'two-way', mc: c({ workPhone: '', address: emptyAddress() }), dw: c(), base: null });
    expect(m.toDw).toEqual({});
    expect(m.decisions.keptDw).toEqual(['address', 'workPhone']);
  });

  it('R9 R4 a blank MC Address 2 keeps the DW Apt/Ste/Flr number: nothing is written when the rest agrees', () => {
    const mcAddress = { ...c().address, unitNumber: '', unitType: null };
    const m = mergeContact({ mode: 'two-way', mc: c({ address: mcAddress }), dw: c(), base: null });
    expect(m.toDw).toEqual({});
    expect(m.decisions.mcToDw).toEqual([]);
    expect(m.decisions.keptDw).toEqual(['address']);
  });

  it('R9 R4 when the MC street changes, the DW number and its type stay in the written address', () => {
    const dw = c({ address: { ...c().address, unitType: 'ste' } });
    const mcBefore = c({ address: { ...c().address, unitNumber: '', unitType: null } });
    const mcNow = c({ address: { ...mcBefore.address, street: '9 Oak Ave', city: '' } });
    const m = mergeContact({ mode: 'two-way', mc: mcNow, dw, base: { mc: mcBefore, dw } });
    expect(m.toDw).toEqual({ address: { ...dw.address, street: '9 Oak Ave' } });
    expect(m.decisions.keptDw).toEqual(['address']);
  });

  it('R9 R20 an address changed on both sides keeps the DW parts MC left blank', () => {
    const base = { mc: c(), dw: c() };
    const mc = c({ address: { ...c().address, street: '2 Elm St', unitNumber: '', unitType: null } });
    const dw = c({ address: { ...c().address, street: '3 Pine St', unitNumber: '7' } });
    const m = mergeContact({ mode: 'two-way', mc, dw, base });
    expect(m.toDw).toEqual({ address: { ...dw.address, street: '2 Elm St' } });
    expect(m.decisions.conflicts).toEqual(['address']);
    expect(m.toMc).toEqual({});
  });

  it('R19 R20 a value the sync sent (answer lost) is its own write, whether or not it arrived', () => {
    const base = { mc: c(), dw: c() };
    // Sent workPhone 222 to MC; it arrived, and the DW user has since changed the city.
    const arrived = mergeContact({ mode: 'two-way', mc: c({ workPhone: '222' }), dw: c({ workPhone: '222', address: { ...c().address, city: 'Dallas' } }), base, sent: { mc: { workPhone: '222' } } });
    expect(arrived.decisions.conflicts).toEqual([]);
    expect(arrived.toMc).toEqual({ address: { ...c().address, city: 'Dallas', unitNumber: '4B', unitType: null } });
    // It did not arrive: MC still holds the base value, DW's change is sent again.
    const lost = mergeContact({ mode: 'two-way', mc: c(), dw: c({ workPhone: '222' }), base, sent: { mc: { workPhone: '222' } } });
    expect(lost.toMc).toEqual({ workPhone: '222' });
    // Only the fields that were sent count: a DW user edit of another field is still a change.
    const other = mergeContact({ mode: 'two-way', mc: c(), dw: c({ lastName: 'Lopes' }), base, sent: { dw: { workPhone: '1' } } });
    expect(other.toMc).toEqual({ lastName: 'Lopes' });
  });

  it('R20 a field changed on one side only flows to the other', () => {
    const base = { mc: c(), dw: c() };
    const m = mergeContact({ mode: 'two-way', mc: c({ firstName: 'Anna' }), dw: c({ workPhone: '222' }), base });
    expect(m.toDw).toEqual({ firstName: 'Anna' });
    expect(m.toMc).toEqual({ workPhone: '222' });
    expect(m.decisions.conflicts).toEqual([]);
  });

  it('R20 a field changed on both sides takes MC value and reports the DW value replaced', () => {
    const base = { mc: c(), dw: c() };
    const m = mergeContact({ mode: 'two-way', mc: c({ workPhone: '333' }), dw: c({ workPhone: '444' }), base });
    expect(m.toDw).toEqual({ workPhone: '333' });
    expect(m.toMc).toEqual({});
    expect(m.decisions.conflicts).toEqual(['workPhone']);
  });

  it('R20 both sides changed to the same value: no write, no conflict', () => {
    const base = { mc: c(), dw: c() };
    const m = mergeContact({ mode: 'two-way', mc: c({ workPhone: '5' }), dw: c({ workPhone: '5' }), base });
    expect(m).toMatchObject({ toDw: {}, toMc: {}, decisions: { conflicts: [] } });
  });

  it('R23 one-way: a DW-only change is not sent to MC and is reported', () => {
    const base = { mc: c(), dw: c() };
    const m = mergeContact({ mode: 'one-way', mc: c(), dw: c({ workPhone: '9' }), base });
    expect(m.toMc).toEqual({});
    expect(m.decisions.ignoredDw).toEqual(['workPhone']);
  });

  it('R2 a settled divergence (email left out of MC) is not re-decided', () => {
    const base = { mc: c({ email: '' }), dw: c() };
    const m = mergeContact({ mode: 'two-way', mc: c({ email: '' }), dw: c(), base });
    expect(m).toMatchObject({ toDw: {}, toMc: {} });
  });

  it('R4 pull maps a descriptor to the DW type; push writes the number alone', () => {
    expect(addressForDocketwise({ ...emptyAddress(), unitNumber: 'Suite 200' }, null)).toMatchObject({ unitNumber: '200', unitType: 'ste' });
    expect(addressForDocketwise({ ...emptyAddress(), unitNumber: '5C' }, { ...emptyAddress(), unitType: 'flr' })).toMatchObject({ unitNumber: '5C', unitType: 'flr' });
    expect(addressForMyCase({ ...emptyAddress(), unitNumber: 'Apt 4B', unitType: 'apt' })).toMatchObject({ unitNumber: '4B', unitType: null });
  });
});

describe('matter merge', () => {
  const mcOf = new Map([[70, 7], [80, 8]]);
  const dwOf = new Map([[7, 70], [8, 80]]);
  const m = (over: Partial<MatterFields> = {}): MatterFields => ({ name: 'Lopez I-130', description: 'd', clientIds: [7], ...over });
  const dwM = (over: Partial<MatterFields> = {}): MatterFields => ({ name: 'Lopez I-130', description: 'd', clientIds: [70], ...over });
  const run = (mc: MatterFields, dw: MatterFields, base: { mc: MatterFields; dw: MatterFields } | null) =>
    mergeMatter({ mode: 'two-way', dwMatterId: 55, mc, dw, base, dwContactOf: (id) => dwOf.get(id), mcContactOf: (id) => mcOf.get(id) });

  it('R6 the MC suffix is stripped before comparing, so it never reaches DW', () => {
    const r = run(m({ name: 'Lopez I-130 (55)' }), dwM(), { mc: m({ name: 'Lopez I-130 (55)' }), dw: dwM() });
    expect(r.toDw).toEqual({});
    const renamed = run(m({ name: 'Lopez N-400 (55)' }), dwM(), { mc: m({ name: 'Lopez I-130 (55)' }), dw: dwM() });
    expect(renamed.toDw).toEqual({ name: 'Lopez N-400' });
  });

  it('R15 the DW client is the first MC client that is a linked person', () => {
    const r = run(m({ clientIds: [99, 8] }), dwM(), { mc: m(), dw: dwM() });
    expect(r.toDw).toEqual({ clientIds: [80] });
  });

  it('R17 a changed DW client is added to the MC case clients', () => {
    const r = run(m(), dwM({ clientIds: [80] }), { mc: m(), dw: dwM() });
    expect(r.toMc).toEqual({ clientIds: [8] });
  });

  it('R17 R1 a DW client the case already has is not added again', () => {
    const r = run(m({ clientIds: [7, 8] }), dwM({ clientIds: [80] }), { mc: m(), dw: dwM() });
    expect(r.toMc).toEqual({});
  });
});
