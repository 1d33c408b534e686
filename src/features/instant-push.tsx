/**
 * Instant push (R18): when a contact or matter is saved in this tab, tell the background at
 * once (`docketwise/record-saved`) and show a quiet line next to the page's "Saved": "Sent to
 * MyCase", or why it was not sent (the reply's `reason`, e.g. one-way mode or not connected).
 *
 * The message is not tied to the feature's signal: a save made just before navigating away
 * (a new contact's page replaces the form) must still be reported. Only the UI is cleaned up.
 */
import { MessageFailedError } from '../messaging/client';
import { describeError } from './describe-error';
import { hasRecordForm } from '../docketwise-site/pages';
import { watchSaves, type SavedRecord } from '../docketwise-site/saves';
import { waitForElement } from '../docketwise-site/observe';
import type { Feature } from './feature-manager';
import { mountShadowUi, type ShadowUi } from './shadow-ui';

export type PushNotice = { kind: 'sending' } | { kind: 'sent' } | { kind: 'not-sent'; reason: string };

const CSS = `
:host { display: inline-block; font-size: 13px; }
.notice { color: #64748b; }
.notice--sent { color: #15803d; }
.notice--not-sent { color: #b45309; }
`;

export function PushNoticeView({ notice }: { notice: PushNotice }) {
  const text =
    notice.kind === 'sending' ? 'Sending to MyCase…' : notice.kind === 'sent' ? 'Sent to MyCase' : `Not sent to MyCase: ${notice.reason}`;
  return (
    <span class={`notice notice--${notice.kind}`} role="status">
      {text}
    </span>
  );
}

export const instantPush: Feature = {
  id: 'instant-push',
  scope: 'page',
  include: hasRecordForm,
  async run({ signal, send, elementTimeoutMs }) {
    await waitForElement('saveStatus', { signal, timeout: elementTimeoutMs });
    const notices = new WeakMap<Element, ShadowUi>();

    const show = (status: Element, notice: PushNotice) => {
      if (signal.aborted || !status.isConnected) return;
      let ui = notices.get(status);
      if (!ui) {
        ui = mountShadowUi({ name: 'instant-push', tag: 'span', css: CSS, signal, place: (host) => status.after(host) });
        notices.set(status, ui);
      }
      ui.render(<PushNoticeView notice={notice} />);
    };

    const push = async (record: SavedRecord, status: Element) => {
      show(status, { kind: 'sending' });
      try {
        const reply = await send('docketwise/record-saved', { entity: record.entity, id: record.id });
        show(status, reply.queued ? { kind: 'sent' } : { kind: 'not-sent', reason: reply.reason ?? 'the extension did not say why.' });
      } catch (error) {
        const reason = error instanceof MessageFailedError ? describeError(error) : 'the extension did not answer; it will find the change in its next check.';
        console.warn('[dw-mycase-sync] record-saved was not delivered', record, error);
        show(status, { kind: 'not-sent', reason });
      }
    };

    watchSaves((record, status) => void push(record, status), { signal });
  },
};
