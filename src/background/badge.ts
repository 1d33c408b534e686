/**
 * The toolbar badge and the OS notifications (R27, sync-anchors.md §D): errors first, then
 * pending work; a notification when a nightly run fails or a sign-in expires, once per event.
 */
import type { StatusSnapshot } from '../messaging/protocol';

export interface BadgeView {
  text: string;
  color: string;
  title: string;
}

export function badgeFor(status: StatusSnapshot): BadgeView {
  const expired = status.accounts.filter((a) => a.state === 'reconnect-required');
  const errors = status.problems.filter((p) => p.severity === 'error');
  if (expired.length > 0) {
    return { text: '!', color: '#b42318', title: 'Docketwise ⇄ MyCase: a sign-in expired. Open to reconnect.' };
  }
  if (status.lastRun?.outcome === 'failed' || errors.length > 0) {
    return { text: '!', color: '#b42318', title: `Docketwise ⇄ MyCase: ${errors.length || 1} problem(s) need attention.` };
  }
  if (status.progress.running) return { text: '…', color: '#175cd3', title: 'Docketwise ⇄ MyCase: syncing.' };
  const pending = status.outbox.pending;
  if (pending > 0) {
    return { text: pending > 99 ? '99+' : String(pending), color: '#175cd3', title: `Docketwise ⇄ MyCase: ${pending} change(s) waiting to be sent to MyCase.` };
  }
  return { text: '', color: '#175cd3', title: 'Docketwise ⇄ MyCase' };
}

export interface Notice {
  id: string;
  title: string;
  message: string;
}

/**
 * Which notifications a new status deserves, compared with the notices already shown
 * (`shown` holds their ids). A failed nightly run and an expired sign-in each notify once.
 */
export function noticesFor(status: StatusSnapshot, shown: ReadonlySet<string>): Notice[] {
  const notices: Notice[] = [];
  for (const account of status.accounts) {
    if (account.state !== 'reconnect-required') continue;
    const name = account.product === 'mycase' ? 'MyCase' : 'Docketwise';
    notices.push({
      id: `expired-${account.product}`,
      title: `${name} sign-in expired`,
      message: `Syncing is paused until you reconnect ${name}. Open the extension and click Reconnect.`,
    });
  }
  const run = status.lastRun;
  if (run && run.outcome === 'failed' && (run.trigger === 'nightly' || run.trigger === 'catch-up')) {
    notices.push({
      id: `nightly-failed-${run.id}`,
      title: 'Nightly MyCase sync failed',
      message: `${run.message ?? 'The sync could not finish.'} Open the extension to see the log and try again.`,
    });
  }
  return notices.filter((n) => !shown.has(n.id));
}
