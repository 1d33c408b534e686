/**
 * Model-based property test of matter/case sync over two fake sides (the contact twin is
 * engine-property.test.ts): random case and matter creates (clients linked, not linked yet, a
 * company only, or none), name and description edits on either side (names drawn from a small
 * pool so that they collide and exercise R6's `<name> (<DW id>)` suffix), client changes,
 * faults and syncs in between. After quiescence: every linked pair agrees through the engine's
 * own mapping (harness `matterPairDiffs`), every case/matter is one logical record (each link
 * joins a record a user made to one the sync made; nothing else was made), pre-activation
 * matters were never written or linked (R12), and no write happened without a user edit
 * behind it (R19).
 *
 * Size: MATTER_FC_RUNS sequences (CI default 3000, 10-20 s on a 2-core machine; the documented
 * full size is MATTER_FC_RUNS=30000, about 2 minutes). FC_SEED as in engine-property.test.ts: a
 * fixed default seed so that a red run reproduces, FC_SEED=random to explore, FC_SEED=<n> to
 * replay; FC_SHRINK=1 shrinks a failing sequence to a minimal one.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FakeSide } from '../../src/connectors/fake/fake-side';
import { TransientError, ValidationError } from '../../src/core/errors';
import { contactMatchKey } from '../../src/core/matching';
import { normalizeText } from '../../src/core/normalize';
import type { RecordId, SideContact } from '../../src/core/types';
import { createHarness, expectQuiescent, matterPairDiffs, person, type Harness } from './harness';

const RUNS = Number(process.env.MATTER_FC_RUNS ?? 3_000);
const SEED = process.env.FC_SEED === 'random' ? undefined : Number(process.env.FC_SEED ?? 20261204);
// FC_SHRINK=1 shrinks a failing sequence to a minimal one (slower); CI stops at the first failure.
const SHRINK = process.env.FC_SHRINK === '1';
// FC_PATH=<path> (with FC_SEED) replays the one failing sequence fast-check printed.
const PATH = process.env.FC_PATH;

// Collide on purpose: case-insensitive, whitespace variants (equal after R5, distinct to MyCase's
// uniqueness check), and plain duplicates across the two sides.
const NAMES = ['Asylum', 'asylum', 'Garcia N-400', 'Lopez I-130', 'Lopez  I-130', 'Visa'] as const;
const DESCRIPTIONS = ['', 'Family petition', 'family petition ', 'Removal defense'] as const;

type McClient = 'linked' | 'new' | 'none' | 'company';
type Command =
  | { op: 'mc-case'; name: number; description: number; client: McClient; pick: number }
  | { op: 'dw-matter'; name: number; description: number; client: 'existing' | 'new'; pick: number; notify: boolean }
  | { op: 'mc-edit'; target: number; field: 'name' | 'description'; value: number }
  | { op: 'dw-edit'; target: number; field: 'name' | 'description'; value: number; notify: boolean }
  | { op: 'mc-client'; target: number; how: 'replace' | 'add' | 'remove-all'; client: 'existing' | 'new'; pick: number }
  | { op: 'dw-client'; target: number; client: 'existing' | 'new'; pick: number; notify: boolean }
  | { op: 'sync'; kind: 'pull' | 'docketwise-check' | 'push' }
  | { op: 'fault'; side: 'mc' | 'dw'; fault: 'fail' | 'lose' };

const index = fc.nat(11);
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('mc-case' as const),
      name: index,
      description: index,
      client: fc.constantFrom<McClient>('linked', 'linked', 'new', 'none', 'company'),
      pick: index,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('dw-matter' as const),
      name: index,
      description: index,
      client: fc.constantFrom('existing' as const, 'new' as const),
      pick: index,
      notify: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('mc-edit' as const), target: index, field: fc.constantFrom('name' as const, 'description' as const), value: index }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('dw-edit' as const),
      target: index,
      field: fc.constantFrom('name' as const, 'description' as const),
      value: index,
      notify: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('mc-client' as const),
      target: index,
      how: fc.constantFrom('replace' as const, 'add' as const, 'remove-all' as const),
      client: fc.constantFrom('existing' as const, 'new' as const),
      pick: index,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('dw-client' as const),
      target: index,
      client: fc.constantFrom('existing' as const, 'new' as const),
      pick: index,
      notify: fc.boolean(),
    }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('sync' as const), kind: fc.constantFrom('pull' as const, 'docketwise-check' as const, 'push' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('fault' as const), side: fc.constantFrom('mc' as const, 'dw' as const), fault: fc.constantFrom('fail' as const, 'lose' as const) }) },
);

const scenarioArb = fc.record({
  // People present at activation: in both apps (linked then), MC only (created in DW), DW only
  // (stays unlinked, R10, until a matter names it as client, R17).
  shared: fc.integer({ min: 1, max: 2 }),
  mcOnly: fc.integer({ min: 0, max: 1 }),
  dwOnly: fc.integer({ min: 0, max: 1 }),
  // Cases and matters present at activation (R12): never synced unless linked by the user.
  preMc: fc.uniqueArray(fc.nat(NAMES.length - 1), { maxLength: 2, selector: (n) => NAMES[n]?.trim().toLowerCase() }),
  preDw: fc.array(fc.nat(NAMES.length - 1), { maxLength: 2 }),
  commands: fc.array(commandArb, { minLength: 1, maxLength: 10 }),
});

const at = <T>(list: readonly T[], n: number): T | undefined => list[n % Math.max(1, list.length)];
const byId = <T extends { id: RecordId }>(list: T[]): T[] => list.sort((a, b) => a.id - b.id);
const persons = (side: FakeSide): SideContact[] => byId(side.allContacts().filter((c) => c.kind === 'person' && !c.lead));
const isNameTaken = (error: unknown): boolean => error instanceof ValidationError && error.field === 'name' && error.code === 'taken';
const isLostResponse = (error: unknown): boolean => error instanceof TransientError && error.message.includes('response lost after commit');

/**
 * Counts the writes a side stored: answered ones and "committed, response lost" ones, but not a
 * refused or failed one (an R6 name-taken attempt stores nothing). Also notes every matter a
 * write was aimed at, for R12.
 */
function recordWrites(side: FakeSide): { stored: () => number; matterTargets: Set<RecordId> } {
  let stored = 0;
  const matterTargets = new Set<RecordId>();
  const counted =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        const out = await call(...args);
        stored += 1;
        return out;
      } catch (error) {
        if (isLostResponse(error)) stored += 1;
        throw error;
      }
    };
  const updateMatter = side.updateMatter.bind(side);
  side.createContact = counted(side.createContact.bind(side));
  side.updateContact = counted(side.updateContact.bind(side));
  side.createMatter = counted(side.createMatter.bind(side));
  side.updateMatter = counted((id: RecordId, patch: Parameters<FakeSide['updateMatter']>[1]) => {
    matterTargets.add(id);
    return updateMatter(id, patch);
  });
  return { stored: () => stored, matterTargets };
}

interface Model {
  h: Harness;
  serial: number;
  userOps: { mc: number; dw: number };
  /** Cases/matters a user created after activation; everything else on a side is the sync's. */
  userMc: Set<RecordId>;
  userDw: Set<RecordId>;
  preMc: Set<RecordId>;
  preDw: Set<RecordId>;
  /** DW people unlinked at activation; naming one as a matter client makes R17 push it (one MC write). */
  dwOnlyPeople: Set<RecordId>;
  dwOnlyUsed: Set<RecordId>;
  companyId: RecordId;
  /**
   * `${caseId}:${matterId}` of a user's case and a user's matter that were at some moment the same
   * in name, description and client. R21's documented limit (docs/decisions.md): such a pair
   * cannot be told from a create whose answer was lost, and recovery may link the two.
   */
  twins: Set<string>;
}

/** Records the user's case/matter pairs that are indistinguishable right now (see `Model.twins`). */
function noteTwins(m: Model): void {
  const keyOf = (side: FakeSide, id: RecordId): string | null => {
    const contact = side.allContacts().find((c) => c.id === id);
    return contact && contact.kind === 'person' ? contactMatchKey(contact.fields) : null;
  };
  const same = (a: string, b: string): boolean => normalizeText(a).toLowerCase() === normalizeText(b).toLowerCase();
  for (const kase of m.h.mc.allMatters().filter((c) => m.userMc.has(c.id))) {
    const mcClients = new Set(kase.fields.clientIds.map((id) => keyOf(m.h.mc, id)));
    for (const matter of m.h.dw.allMatters().filter((d) => m.userDw.has(d.id))) {
      const dwClient = matter.fields.clientIds[0];
      if (
        same(kase.fields.name, matter.fields.name) &&
        normalizeText(kase.fields.description) === normalizeText(matter.fields.description) &&
        dwClient !== undefined &&
        mcClients.has(keyOf(m.h.dw, dwClient))
      ) {
        m.twins.add(`${kase.id}:${matter.id}`);
      }
    }
  }
}

function newPerson(m: Model, side: 'mc' | 'dw'): SideContact {
  m.serial += 1;
  m.userOps[side] += 1;
  return (side === 'mc' ? m.h.mc : m.h.dw).userCreateContact(person(m.serial));
}

function mcClient(m: Model, choice: 'existing' | 'new', pick: number): RecordId | null {
  if (choice === 'new') return newPerson(m, 'mc').id;
  return at(persons(m.h.mc), pick)?.id ?? null;
}

function dwClient(m: Model, choice: 'existing' | 'new', pick: number): RecordId {
  const existing = choice === 'existing' ? at(persons(m.h.dw), pick) : undefined;
  const id = existing?.id ?? newPerson(m, 'dw').id;
  if (m.dwOnlyPeople.has(id)) m.dwOnlyUsed.add(id);
  return id;
}

/** An MC user edit that MyCase may refuse (case name taken): refused means no edit happened. */
function mcUserUpdate(m: Model, id: RecordId, patch: Parameters<FakeSide['userUpdateMatter']>[1]): void {
  try {
    m.h.mc.userUpdateMatter(id, patch);
    m.userOps.mc += 1;
  } catch (error) {
    if (!isNameTaken(error)) throw error;
  }
}

async function apply(m: Model, command: Command): Promise<void> {
  const { h } = m;
  switch (command.op) {
    case 'mc-case': {
      let clientIds: RecordId[] = [];
      if (command.client === 'company') clientIds = [m.companyId];
      else if (command.client !== 'none') {
        const id = mcClient(m, command.client === 'new' ? 'new' : 'existing', command.pick);
        clientIds = id === null ? [] : [id];
      }
      const base = at(NAMES, command.name) ?? 'Case';
      const taken = h.mc.allMatters().some((c) => c.fields.name.trim().toLowerCase() === base.trim().toLowerCase());
      m.serial += 1;
      const kase = h.mc.userCreateMatter({ name: taken ? `${base} ${m.serial}` : base, description: at(DESCRIPTIONS, command.description) ?? '', clientIds });
      m.userMc.add(kase.id);
      m.userOps.mc += 1;
      return;
    }
    case 'dw-matter': {
      const client = dwClient(m, command.client, command.pick);
      const matter = h.dw.userCreateMatter({ name: at(NAMES, command.name) ?? 'Matter', description: at(DESCRIPTIONS, command.description) ?? '', clientIds: [client] });
      m.userDw.add(matter.id);
      m.userOps.dw += 1;
      // A save in an open Docketwise tab is queued at once (R18); otherwise the check finds it.
      if (command.notify) await h.engine.enqueuePush('matter', matter.id);
      return;
    }
    case 'mc-edit': {
      const target = at(byId(h.mc.allMatters()), command.target);
      if (!target) return;
      const patch = command.field === 'name' ? { name: at(NAMES, command.value) ?? 'Case' } : { description: at(DESCRIPTIONS, command.value) ?? '' };
      mcUserUpdate(m, target.id, patch);
      return;
    }
    case 'dw-edit': {
      const target = at(byId(h.dw.allMatters()), command.target);
      if (!target) return;
      const patch = command.field === 'name' ? { name: at(NAMES, command.value) ?? 'Matter' } : { description: at(DESCRIPTIONS, command.value) ?? '' };
      h.dw.userUpdateMatter(target.id, patch);
      m.userOps.dw += 1;
      if (command.notify) await h.engine.enqueuePush('matter', target.id);
      return;
    }
    case 'mc-client': {
      const target = at(byId(h.mc.allMatters()), command.target);
      if (!target) return;
      if (command.how === 'remove-all') {
        mcUserUpdate(m, target.id, { clientIds: [] });
        return;
      }
      const client = mcClient(m, command.client, command.pick);
      if (client === null) return;
      mcUserUpdate(m, target.id, { clientIds: command.how === 'replace' ? [client] : [...target.fields.clientIds, client] });
      return;
    }
    case 'dw-client': {
      const target = at(byId(h.dw.allMatters()), command.target);
      if (!target) return;
      h.dw.userUpdateMatter(target.id, { clientIds: [dwClient(m, command.client, command.pick)] });
      m.userOps.dw += 1;
      if (command.notify) await h.engine.enqueuePush('matter', target.id);
      return;
    }
    case 'sync':
      await h.engine.startRun(command.kind);
      return;
    case 'fault':
      (command.side === 'mc' ? h.mc : h.dw).failNextWrites(1, command.fault);
      return;
  }
}

async function settle(h: Harness): Promise<void> {
  // Two rounds: a DW change pushed by the check may be followed by an MC change the pull takes.
  for (let round = 0; round < 2; round += 1) {
    h.clock.advance(3_600_000);
    await h.engine.startRun('docketwise-check');
    await h.engine.startRun('pull');
  }
}

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

async function runScenario(scenario: Scenario): Promise<void> {
  const h = await createHarness({ memory: true, engine: { retryBaseMs: 1000 } });
  const m: Model = {
    h,
    serial: 0,
    userOps: { mc: 0, dw: 0 },
    userMc: new Set(),
    userDw: new Set(),
    preMc: new Set(),
    preDw: new Set(),
    dwOnlyPeople: new Set(),
    dwOnlyUsed: new Set(),
    twins: new Set(),
    companyId: h.mc.userCreateContact(person(0, { firstName: '', lastName: '' }), { kind: 'company' }).id,
  };
  const mcPeople: RecordId[] = [];
  const dwPeople: RecordId[] = [];
  for (let i = 0; i < scenario.shared + scenario.mcOnly + scenario.dwOnly; i += 1) {
    m.serial += 1;
    const fields = person(m.serial);
    if (i < scenario.shared + scenario.mcOnly) mcPeople.push(h.mc.userCreateContact(fields).id);
    if (i < scenario.shared || i >= scenario.shared + scenario.mcOnly) {
      const dw = h.dw.userCreateContact(fields);
      dwPeople.push(dw.id);
      if (i >= scenario.shared) m.dwOnlyPeople.add(dw.id);
    }
  }
  for (const [i, n] of scenario.preMc.entries()) {
    const kase = h.mc.userCreateMatter({ name: NAMES[n] ?? 'Old', description: 'before activation', clientIds: [mcPeople[i % mcPeople.length] ?? m.companyId] });
    m.preMc.add(kase.id);
  }
  for (const [i, n] of scenario.preDw.entries()) {
    const matter = h.dw.userCreateMatter({ name: NAMES[n] ?? 'Old', description: 'before activation', clientIds: [dwPeople[i % dwPeople.length] ?? 0] });
    m.preDw.add(matter.id);
  }
  await h.engine.activate('two-way');
  const mcWrites = recordWrites(h.mc);
  const dwWrites = recordWrites(h.dw);

  for (const command of scenario.commands) {
    h.clock.advance(1000);
    await apply(m, command);
    noteTwins(m);
  }
  // Faults off from here, then quiescence.
  h.mc.setWriteFault(null);
  h.dw.setWriteFault(null);
  await settle(h);

  await expectQuiescent(h);

  // One logical record, one case and one matter: each link joins a user's record to the sync's.
  const links = await h.store.allLinks('matter');
  const linkedMc = new Set(links.map((l) => l.mc.id));
  const linkedDw = new Set(links.map((l) => l.dw.id));
  expect(linkedMc.size).toBe(links.length);
  for (const link of links) {
    expect(link.state).toBe('ok');
    // R12: a matter that existed at activation is never linked by the sync.
    expect(m.preMc.has(link.mc.id) || m.preDw.has(link.dw.id)).toBe(false);
    if (m.userMc.has(link.mc.id) && m.userDw.has(link.dw.id)) {
      // Two user records in one link: only twins (R21's limit), never two different matters.
      expect({ link: link.key, twins: m.twins.has(`${link.mc.id}:${link.dw.id}`) }).toEqual({ link: link.key, twins: true });
      continue;
    }
    expect({ link: link.key, userMc: m.userMc.has(link.mc.id), userDw: m.userDw.has(link.dw.id) }).toMatchObject({
      userMc: !m.userDw.has(link.dw.id),
    });
  }
  const twinLinks = links.filter((l) => m.userMc.has(l.mc.id) && m.userDw.has(l.dw.id)).length;
  // Every DW matter a user made is linked (it always has a client); every case a user made is,
  // exactly when it has a person client (R15); nothing else exists.
  for (const id of m.userDw) expect(linkedDw.has(id)).toBe(true);
  const mcPersons = new Set(persons(h.mc).map((c) => c.id));
  for (const kase of h.mc.allMatters().filter((c) => m.userMc.has(c.id))) {
    if (kase.fields.clientIds.some((id) => mcPersons.has(id))) expect(linkedMc.has(kase.id)).toBe(true);
  }
  const fromUserMc = links.filter((l) => m.userMc.has(l.mc.id)).length;
  expect(h.mc.allMatters()).toHaveLength(m.preMc.size + m.userMc.size + m.userDw.size - twinLinks);
  expect(h.dw.allMatters()).toHaveLength(m.preDw.size + m.userDw.size + fromUserMc - twinLinks);

  // R6 R15 R17: every linked pair agrees through the engine's own mapping.
  const diffs = (await Promise.all(links.map((l) => matterPairDiffs(h, l)))).flat();
  expect(diffs).toEqual([]);

  // R12: no write was ever aimed at a matter that existed at activation.
  for (const id of m.preMc) expect(mcWrites.matterTargets.has(id)).toBe(false);
  for (const id of m.preDw) expect(dwWrites.matterTargets.has(id)).toBe(false);

  // R19 no echo: each user operation causes at most one stored write on the other side (R17's
  // push of a DW-only client is the one write a DW user operation may add).
  expect(dwWrites.stored()).toBeLessThanOrEqual(m.userOps.mc);
  expect(mcWrites.stored()).toBeLessThanOrEqual(m.userOps.dw + m.dwOnlyUsed.size);

  // And a run right after changes nothing (R19).
  const before = { mc: mcWrites.stored(), dw: dwWrites.stored() };
  await settle(h);
  expect({ mc: mcWrites.stored(), dw: dwWrites.stored() }).toEqual(before);
  h.store.close();
}

describe('matter property (R6, R12, R15, R17, R19, R20, R21)', () => {
  it(`R15 R17 R6 R12 R19 R20 R21 random case/matter edits, client changes, faults and syncs converge with no duplicate and no echo (${RUNS} sequences)`, async () => {
    const started = performance.now();
    await fc.assert(fc.asyncProperty(scenarioArb, runScenario), { numRuns: RUNS, seed: SEED, endOnFailure: !SHRINK, ...(PATH ? { path: PATH } : {}) });
    console.info(`matter property: ${RUNS} sequences, ${Math.round(performance.now() - started)} ms`);
  }, 3_600_000);
});

/**
 * Smallest examples of engine bugs the property found (reported to the lead, not fixed here:
 * src/sync/engine.ts belongs to another change). Each fails until the engine is fixed.
 */
describe('matter sync: minimal failing examples found by the property', () => {
  async function activated(): Promise<Harness> {
    const h = await createHarness({ memory: true, engine: { retryBaseMs: 1000 } });
    h.mc.userCreateContact(person(1));
    h.dw.userCreateContact(person(1));
    await h.engine.activate('two-way');
    h.clock.advance(1000);
    return h;
  }
  const settled = async (h: Harness): Promise<void> => {
    h.clock.advance(3_600_000);
    await h.engine.startRun('docketwise-check');
    await h.engine.startRun('pull');
    await h.engine.startRun('docketwise-check');
  };

  // ENGINE BUG A (syncMatterPair): a DW client that is not linked yet is not pushed first on an
  // update (only createMatter's mcClientsFor does that); mergeMatter then leaves `clientIds` out
  // of the MC patch, and the link's DW base still moves to the new client, so the change is lost.
  it('R17 a DW matter whose client changes to a contact not linked yet (here one unmatched at activation) adds that client to the MC case', async () => {
    const h = await createHarness({ memory: true });
    const unmatched = h.dw.userCreateContact(person(1));
    await h.engine.activate('two-way');
    h.clock.advance(1000);
    const client = h.dw.userCreateContact(person(2));
    const matter = h.dw.userCreateMatter({ name: 'M', description: '', clientIds: [client.id] });
    await h.engine.startRun('docketwise-check');
    h.clock.advance(1000);
    h.dw.userUpdateMatter(matter.id, { clientIds: [unmatched.id] });
    await settled(h);
    const [link] = await h.store.allLinks('matter');
    expect(link && (await matterPairDiffs(h, link))).toEqual([]);
  });

  // ENGINE BUG A, pull side: the same loss when the DW client change is met by a pull's
  // sync-pair (an MC edit of the same case), before the check has pushed the new DW contact.
  it('R17 R20 an MC rename and a DW client change to a new contact on the same pair: the case gets the client too', async () => {
    const h = await activated();
    const [mcClient] = h.mc.allContacts();
    const kase = h.mc.userCreateMatter({ name: 'Asylum', description: '', clientIds: [mcClient?.id ?? 0] });
    await h.engine.startRun('pull');
    h.clock.advance(1000);
    h.mc.userUpdateMatter(kase.id, { name: 'Asylum 2' });
    const newClient = h.dw.userCreateContact(person(2));
    const link = await h.store.getLinkByMc('matter', kase.id);
    h.dw.userUpdateMatter(link?.dw.id ?? 0, { clientIds: [newClient.id] });
    await h.engine.startRun('pull');
    await settled(h);
    expect(link && (await matterPairDiffs(h, link))).toEqual([]);
  });

  // ENGINE BUG B (recoverIntents, matters): a create that failed before anything was stored
  // leaves its intent; recovery then takes any unlinked DW matter with the same name (the DW
  // listing has no time bound), here one that existed at activation (R12), links the new case
  // to it and never creates the case's own matter.
  it('R12 R21 a DW create that failed before it was stored is not "recovered" onto an older DW matter with the same name', async () => {
    const h = await createHarness({ memory: true, engine: { retryBaseMs: 1000 } });
    const mcClient = h.mc.userCreateContact(person(1));
    const dwClient = h.dw.userCreateContact(person(1));
    const old = h.dw.userCreateMatter({ name: 'Asylum', description: 'closed in 2019', clientIds: [dwClient.id] });
    await h.engine.activate('two-way');
    h.clock.advance(1000);
    h.mc.userCreateMatter({ name: 'Asylum', description: 'new', clientIds: [mcClient.id] });
    h.dw.failNextWrites(1, 'fail');
    await h.engine.startRun('pull');
    expect(await h.store.getLink('matter', old.id)).toBeUndefined();
    expect(h.dw.allMatters()).toHaveLength(2);
  });

  // ENGINE BUG C (stepDrainOutbox + recoverIntents): a lost MC create during the outbox drain
  // only backs the entry off; the run ends 'done' with the intent pending. Recovery runs at the
  // next run and looks for the intent's name only, so a rename in MyCase in between defeats it:
  // the intent is closed, the case is pulled as a new DW matter and the entry creates a second case.
  it('R21 a lost MC case create is found again although the user renamed the case before the next run', async () => {
    const h = await activated();
    const [dwClient] = h.dw.allContacts();
    h.dw.userCreateMatter({ name: 'Garcia N-400', description: '', clientIds: [dwClient?.id ?? 0] });
    h.mc.failNextWrites(1, 'lose');
    await h.engine.startRun('docketwise-check');
    const [created] = h.mc.allMatters();
    h.clock.advance(1000);
    h.mc.userUpdateMatter(created?.id ?? 0, { name: 'Garcia N-400 (naturalization)' });
    await settled(h);
    expect(h.mc.allMatters()).toHaveLength(1);
    expect(h.dw.allMatters()).toHaveLength(1);
    expect(await h.store.pendingIntents()).toEqual([]);
  });

  // ENGINE BUG D (recoverIntents): a recovered matter's link takes the source's *current* fields
  // as its base, so an edit on the source between the lost create and the recovery is taken as
  // already synced and never sent.
  it('R21 R19 a DW rename made between a lost MC create and its recovery still reaches MC', async () => {
    const h = await activated();
    const [dwClient] = h.dw.allContacts();
    const matter = h.dw.userCreateMatter({ name: 'Asylum', description: '', clientIds: [dwClient?.id ?? 0] });
    h.mc.failNextWrites(1, 'lose');
    await h.engine.startRun('docketwise-check');
    h.clock.advance(1000);
    h.dw.userUpdateMatter(matter.id, { name: 'Asylum (affirmative)' });
    await settled(h);
    const link = await h.store.getLink('matter', matter.id);
    expect(link && (await matterPairDiffs(h, link))).toEqual([]);
  });
});
