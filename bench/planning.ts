/**
 * Planning CPU alone: the pure part of a sync (`src/core`: match keys, the planner's decision
 * table, the field merge of every matched pair) for SIZE MyCase × SIZE Docketwise people, without
 * any I/O or store. The engine around it is measured by bench/sync-sandbox.ts; this isolates the
 * issue's "planning under 1 s for 10k × 10k".
 *
 * Run: `npx tsx bench/planning.ts` (BENCH_SIZE, default 10,000; 70 % of keys shared, 10 % of
 * those differing).
 */
import { pathToFileURL } from 'node:url';
import { hashContactFields } from '../src/core/hash';
import { contactMatchKey } from '../src/core/matching';
import { mergeContact } from '../src/core/merge';
import { planContacts, type Candidate, type Link } from '../src/core/planner';
import { emptyAddress, type ContactFields, type RecordId, type Side, type SideContact } from '../src/core/types';

export interface PlanningBenchRow {
  workload: string;
  records: number;
  actions: number;
  merges: number;
  /** CPU of the first (cold) run, then the best of the next three (warm), in ms. */
  coldCpuMs: number;
  warmCpuMs: number;
}

const person = (n: number, differing: boolean): ContactFields => ({
  firstName: `First${n}`,
  lastName: `Last${n}`,
  email: `p${n}@example.com`,
  address: { ...emptyAddress(), street: `${n} Main St`, unitNumber: differing ? '' : `${n % 40}`, city: 'Austin', state: 'TX', zip: '78701', country: 'United States' },
  mobilePhone: `512${String(n).padStart(7, '0')}`,
  workPhone: differing ? `737${String(n).padStart(7, '0')}` : '',
});

const record = (side: Side, id: RecordId, fields: ContactFields): SideContact => ({
  side,
  id,
  kind: 'person',
  lead: false,
  archived: false,
  updatedAt: '2026-01-05T09:00:00.000Z',
  fields,
});

function cpuMs(work: () => unknown): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function measure(workload: string, records: number, work: () => { actions: number; merges: number }): PlanningBenchRow {
  let result = { actions: 0, merges: 0 };
  const cold = cpuMs(() => (result = work()));
  const warm = Math.min(...[0, 1, 2].map(() => cpuMs(work)));
  return { workload, records, ...result, coldCpuMs: Math.round(cold), warmCpuMs: Math.round(warm) };
}

export function runPlanningBench(size = Number(process.env.BENCH_SIZE ?? 10_000)): { size: number; rows: PlanningBenchRow[] } {
  const shared = Math.round(size * 0.7);
  const differing = Math.round(shared * 0.1);
  const mc = Array.from({ length: size }, (_, i) => record('mycase', 100_000 + i, person(i, false)));
  const dw = Array.from({ length: size }, (_, i) => record('docketwise', 1 + i, person(i < shared ? i : size + i, i < differing)));
  const rows: PlanningBenchRow[] = [];

  // Initial sync: index DW by match key, plan every MC person, merge every matched pair (R8–R11).
  rows.push(
    measure(`initial ${size}×${size}, ${shared} shared keys, ${differing} differing`, size * 2, () => {
      const byKey = new Map<string, Candidate[]>();
      for (const r of dw) {
        const key = contactMatchKey(r.fields);
        byKey.set(key, [...(byKey.get(key) ?? []), { id: r.id, linked: false }]);
      }
      const dwById = new Map(dw.map((r) => [r.id, r]));
      const mcById = new Map(mc.map((r) => [r.id, r]));
      const actions = planContacts({
        mode: 'two-way',
        source: 'mycase',
        records: mc,
        linkOf: () => undefined,
        dwCandidates: (key) => byKey.get(key) ?? [],
        ambiguousKeys: new Set(),
        isPreActivation: () => true,
      });
      let merges = 0;
      for (const action of actions) {
        if (action.kind !== 'link') continue;
        const a = mcById.get(action.mcId);
        const b = dwById.get(action.dwId);
        if (a && b) {
          mergeContact({ mode: 'two-way', mc: a.fields, dw: b.fields, base: null });
          merges += 1;
        }
      }
      return { actions: actions.length, merges };
    }),
  );

  // A pull that re-lists every linked MC person (the worst case: a lost cursor), 1 % changed.
  const links = new Map<RecordId, Link>();
  const changed = mc.map((r, i) => (i % 100 === 0 ? { ...r, fields: { ...r.fields, workPhone: '5125550000' } } : r));
  for (const r of mc) {
    const fields = r.fields;
    links.set(r.id, {
      entity: 'contact',
      state: 'ok',
      linkedAt: '2026-01-05T09:00:00.000Z',
      mc: { id: r.id, hash: hashContactFields(fields), fields },
      dw: { id: r.id - 99_999, hash: hashContactFields(fields), fields },
    });
  }
  const changedById = new Map(changed.map((r) => [r.id, r]));
  rows.push(
    measure(`pull re-listing ${size} linked people, ${size / 100} changed`, size, () => {
      const actions = planContacts({
        mode: 'two-way',
        source: 'mycase',
        records: changed,
        linkOf: (id) => links.get(id),
        dwCandidates: () => [],
        ambiguousKeys: new Set(),
        isPreActivation: () => false,
      });
      let merges = 0;
      for (const action of actions) {
        if (action.kind !== 'sync-pair') continue;
        const link = links.get(action.mcId);
        const now = changedById.get(action.mcId);
        if (link && now) {
          const base = { mc: link.mc.fields as ContactFields, dw: link.dw.fields as ContactFields };
          mergeContact({ mode: 'two-way', mc: now.fields, dw: base.dw, base });
          merges += 1;
        }
      }
      return { actions: actions.length, merges };
    }),
  );
  return { size, rows };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = runPlanningBench();
  console.table(result.rows);
}
