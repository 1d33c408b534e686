/**
 * How a page that asked for a sync (the popup, the options page, the Docketwise menu) reads each
 * `sync/progress` reply. `sync/start` names the run it starts; until that run shows up the answer
 * is "waiting", never the result of the run before it (the worker may still be setting it up, or
 * finishing another run first). Pure.
 */
import type { ResponseOf, RunSummary } from './protocol';

export type ProgressReply = ResponseOf<'sync/progress'>;

export type FollowStep = { kind: 'waiting' } | { kind: 'running' } | { kind: 'finished'; summary: RunSummary | null };

/**
 * Replies in a row with nothing running and the named run not started: it will not start (a run
 * that held the worker when it was asked for refused it). At one poll a second, about 10 s.
 */
export const START_GRACE_POLLS = 10;

export const NOT_STARTED_REASON = 'another sync was running at that moment, so this one did not start. Try again in a moment.';

export function followStep(reply: ProgressReply, runId: string | null): FollowStep {
  if (runId !== null && reply.run !== undefined) {
    if (reply.run === null) return { kind: 'waiting' };
    return reply.run.outcome === 'running' ? { kind: 'running' } : { kind: 'finished', summary: reply.run };
  }
  // No name (a run already going is followed), or a background that does not report runs by id.
  const ours = runId === null || reply.runId === null || reply.runId === runId;
  if (reply.running && ours) return { kind: 'running' };
  return { kind: 'finished', summary: reply.lastRun !== null && (runId === null || reply.lastRun.id === runId) ? reply.lastRun : null };
}
