/**
 * Model-based property test of the whole engine over two fake sides (vdirsyncer's SyncMachine,
 * Dropbox's CanopyCheck): random edits on both sides, random faults, syncs in between; after
 * quiescence both sides agree on every synced field of every linked pair (except the R9/R2
 * settled cases), nothing is duplicated, and no write happens without a user edit behind it.
 *
 * Size: FC_RUNS sequences (CI default 10000; the documented full size is FC_RUNS=100000).
 * FC_SEED reproduces a failure (default: a fixed seed; FC_SEED=random explores new ones).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TransientError } from '../../src/core/errors';
import { comparableContactFields } from '../../src/core/hash';
import { CONTACT_FIELD_NAMES, emptyAddress, type ContactFields } from '../../src/core/types';
import { createHarness, duplicateKeys, person } from './harness';

const RUNS = Number(process.env.FC_RUNS ?? 10_000);
// CI runs a fixed seed so that a red run is reproducible and a green one cannot turn red by
// chance; FC_SEED=random explores new sequences (the seed is printed on failure), FC_SEED=<n>
// replays one.
const SEED = process.env.FC_SEED === 'random' ? undefined : Number(process.env.FC_SEED ?? 20261203);
// FC_PATH=<path> (with FC_SEED) replays the one failing sequence fast-check printed.
const PATH = process.env.FC_PATH;

type Edit = { field: 'mobilePhone' | 'workPhone' | 'city' | 'firstName'; value: string };
type Command =
  | { op: 'mc-edit'; target: number; edit: Edit }
  | { op: 'dw-edit'; target: number; edit: Edit }
  | { op: 'mc-create' }
  | { op: 'dw-create' }
  | { op: 'sync'; kind: 'pull' | 'docketwise-check' }
  | { op: 'fault'; side: 'mc' | 'dw'; fault: 'fail' | 'lose' };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ field: fc.constant('mobilePhone' as const), value: fc.constantFrom('', '5125550001', '(512) 555-0002') }),
  fc.record({ field: fc.constant('workPhone' as const), value: fc.constantFrom('', '5125550003') }),
  fc.record({ field: fc.constant('city' as const), value: fc.constantFrom('', 'Austin', 'Dallas ') }),
  fc.record({ field: fc.constant('firstName' as const), value: fc.constantFrom('Ana', 'ANA', 'Bo') }),
);

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('mc-edit' as const), target: fc.nat(5), edit: editArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('dw-edit' as const), target: fc.nat(5), edit: editArb }) },
  { weight: 1, arbitrary: fc.constant({ op: 'mc-create' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'dw-create' as const }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('sync' as const), kind: fc.constantFrom('pull' as const, 'docketwise-check' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('fault' as const), side: fc.constantFrom('mc' as const, 'dw' as const), fault: fc.constantFrom('fail' as const, 'lose' as const) }) },
);

const scenarioArb = fc.record({
  mcCount: fc.integer({ min: 0, max: 2 }),
  dwCount: fc.integer({ min: 0, max: 2 }),
  shared: fc.integer({ min: 0, max: 2 }),
  commands: fc.array(commandArb, { maxLength: 5 }),
});

const applyEdit = (fields: ContactFields, edit: Edit): Partial<ContactFields> =>
  edit.field === 'city' ? { address: { ...fields.address, city: edit.value } } : { [edit.field]: edit.value };

const isBlank = (field: (typeof CONTACT_FIELD_NAMES)[number], value: unknown): boolean =>
  field === 'address' ? Object.entries(value as object).every(([k, v]) => k === 'unitType' || v === '' || v === null) : value === '';

describe('engine property (R19, R20, R21)', () => {
  it(`R19 R20 R21 random edits, faults and syncs converge with no duplicate and no echo (${RUNS} sequences)`, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const h = await createHarness({ memory: true, engine: { retryBaseMs: 1000 } });
        let serial = 0;
        const name = (): ContactFields => person(++serial, { address: { ...emptyAddress(), city: 'Austin' } });
        for (let i = 0; i < scenario.mcCount; i += 1) {
          const f = name();
          h.mc.userCreateContact(f);
          if (i < scenario.shared) h.dw.userCreateContact(f);
        }
        for (let i = 0; i < scenario.dwCount; i += 1) h.dw.userCreateContact(name());
        await h.engine.activate('two-way');
        h.mc.resetStats();
        h.dw.resetStats();

        let failed = { mc: 0, dw: 0 };
        const failing = (side: 'mc' | 'dw') => () => {
          failed = { ...failed, [side]: failed[side] + 1 };
          return new TransientError('injected', side === 'mc' ? 'mycase' : 'docketwise');
        };
        let userOps = { mc: 0, dw: 0 };
        for (const command of scenario.commands) {
          h.clock.advance(1000);
          switch (command.op) {
            case 'mc-edit':
            case 'dw-edit': {
              const side = command.op === 'mc-edit' ? h.mc : h.dw;
              const people = side.allContacts();
              const target = people[command.target % Math.max(1, people.length)];
              if (!target) break;
              side.userUpdateContact(target.id, applyEdit(target.fields, command.edit));
              userOps = command.op === 'mc-edit' ? { ...userOps, mc: userOps.mc + 1 } : { ...userOps, dw: userOps.dw + 1 };
              break;
            }
            case 'mc-create':
              h.mc.userCreateContact(name());
              userOps = { ...userOps, mc: userOps.mc + 1 };
              break;
            case 'dw-create':
              h.dw.userCreateContact(name());
              userOps = { ...userOps, dw: userOps.dw + 1 };
              break;
            case 'sync':
              await h.engine.startRun(command.kind);
              break;
            case 'fault': {
              const side = command.side === 'mc' ? h.mc : h.dw;
              if (command.fault === 'lose') side.failNextWrites(1, 'lose');
              else side.failNextWrites(1, 'fail', failing(command.side));
              break;
            }
          }
        }
        // Faults off from here.
        h.mc.setWriteFault(null);
        h.dw.setWriteFault(null);
        // Quiescence: one check (pushes, with due retries) and one pull settle everything; an
        // unfinished run is resumed first by startRun itself.
        h.clock.advance(3_600_000);
        await h.engine.startRun('docketwise-check');
        await h.engine.startRun('pull');

        // No duplicate on either side.
        expect(duplicateKeys(h.mc.allContacts())).toEqual([]);
        expect(duplicateKeys(h.dw.allContacts())).toEqual([]);
        expect(await h.store.pendingIntents()).toEqual([]);
        // Every MC person and every DW person created after activation is linked.
        const links = await h.store.allLinks('contact');
        expect(links).toHaveLength(h.mc.allContacts().length);
        // Convergence on every synced field, except an MC blank kept against a DW value (R9).
        for (const link of links) {
          const mc = h.mc.allContacts().find((c) => c.id === link.mc.id);
          const dw = h.dw.allContacts().find((c) => c.id === link.dw.id);
          expect(mc && dw).toBeTruthy();
          if (!mc || !dw) continue;
          const a = comparableContactFields(mc.fields);
          const b = comparableContactFields(dw.fields);
          for (const field of CONTACT_FIELD_NAMES) {
            if (JSON.stringify(a[field]) !== JSON.stringify(b[field])) expect(isBlank(field, a[field])).toBe(true);
          }
        }
        // No echo: successful writes to a side never exceed the user operations on the other side
        // plus, for DW, the MC operations that won a conflict (each edit at most one write per side).
        const mcWrites = h.mc.stats.writes - failed.mc;
        const dwWrites = h.dw.stats.writes - failed.dw;
        expect(mcWrites).toBeLessThanOrEqual(userOps.dw);
        expect(dwWrites).toBeLessThanOrEqual(userOps.mc);
        // And a run right after changes nothing (R19).
        h.mc.resetStats();
        h.dw.resetStats();
        h.clock.advance(3_600_000);
        await h.engine.startRun('docketwise-check');
        await h.engine.startRun('pull');
        expect(h.mc.stats.writes + h.dw.stats.writes).toBe(0);
        h.store.close();
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true, ...(PATH ? { path: PATH } : {}) },
    );
  }, 600_000);
});
