import { describe, expect, it } from 'vitest';
import { MessageFailedError } from '../../src/messaging/client';
import { describeError } from '../../src/features/describe-error';

describe('describeError', () => {
  it('keeps the background’s own words without the error kind', () => {
    expect(describeError(new MessageFailedError('auth-required', 'Reconnect MyCase in the extension.'))).toBe('Reconnect MyCase in the extension.');
  });

  it('turns router refusals into plain sentences', () => {
    expect(describeError(new MessageFailedError('refused:no-handler', 'sync/start'))).toBe('this version of the extension cannot do that yet');
    expect(describeError(new MessageFailedError('refused:request', 'sync/start: bad'))).toBe('the extension refused the request');
  });

  it('reads other errors by their message', () => {
    expect(describeError(new Error('Could not establish connection'))).toBe('Could not establish connection');
    expect(describeError('odd')).toBe('odd');
  });
});
