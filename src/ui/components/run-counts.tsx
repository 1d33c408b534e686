import { directionName, entityName } from '../format';
import type { Direction, Entity, RunSummary } from '../view-types';

const rows: Array<[Entity, Direction]> = [
  ['contact', 'pull'],
  ['contact', 'push'],
  ['matter', 'pull'],
  ['matter', 'push'],
];
const columns = ['created', 'updated', 'linked', 'skipped', 'failed'] as const;

export interface RunCountsProps {
  run: RunSummary;
  caption: string;
}

/** The run's counts per entity and direction (R27, R28). */
export function RunCounts({ run, caption }: RunCountsProps) {
  return (
    <table class="counts">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Records</th>
          {columns.map((c) => (
            <th scope="col" key={c}>
              {c[0]?.toUpperCase() + c.slice(1)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([entity, direction]) => {
          const counts = run.counts[entity][direction];
          return (
            <tr key={`${entity}-${direction}`}>
              <th scope="row">
                {entityName[entity]}, {directionName[direction]}
              </th>
              {columns.map((c) => (
                <td key={c} class={c === 'failed' && counts[c] > 0 ? 'problem' : undefined}>
                  {counts[c]}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
