/**
 * Docketwise error bodies (reference §3, [I]): Rails-style 422 `{"errors":{"field":["msg"]}}`
 * (an array of full messages is accepted too) and `{"error":"…"}` for 401/403/404.
 */
import { z } from 'zod';
import { PermissionDeniedError, ValidationError, type SyncError } from '../../core/errors';
import type { Side } from '../../core/types';
import { mentionsPlan, validationCodeFrom } from '../error-text';
import type { HttpFailure } from '../http/http-client';

const railsErrorsSchema = z.object({
  errors: z.union([z.record(z.string(), z.union([z.array(z.string()), z.string()])), z.array(z.string())]),
});
const simpleErrorSchema = z.object({ error: z.string(), error_description: z.string().nullish() });

/** Docketwise attribute → the core's field name; nested attributes count as their parent. */
const CORE_FIELD: Readonly<Record<string, string>> = {
  first_name: 'firstName',
  last_name: 'lastName',
  email: 'email',
  addresses: 'address',
  phone_numbers: 'phone',
  title: 'name',
  description: 'description',
  client_id: 'clientIds',
  client: 'clientIds',
};

function coreField(attribute: string): string {
  const base = attribute.split('.')[0] ?? attribute;
  return CORE_FIELD[base] ?? attribute;
}

export function mapDocketwiseError(failure: HttpFailure, side: Side): SyncError | undefined {
  const what = `${failure.request.method} ${failure.request.path}`;
  if (failure.status === 403) {
    const simple = simpleErrorSchema.safeParse(failure.body);
    const text = simple.success
      ? [simple.data.error, simple.data.error_description ?? ''].join(' ')
      : typeof failure.body === 'string'
        ? failure.body
        : JSON.stringify(failure.body ?? '');
    return new PermissionDeniedError(`${what}: Docketwise refused access (${text.trim()})`, side, mentionsPlan(text) ? 'plan' : 'permission');
  }
  if (failure.status === 422 || failure.status === 400) {
    const rails = railsErrorsSchema.safeParse(failure.body);
    if (rails.success) {
      const errors = rails.data.errors;
      if (Array.isArray(errors)) {
        const message = errors[0] ?? `refused with ${failure.status}`;
        // "Email has already been taken": the attribute is the message's first word.
        const attribute = (/^(\w+)/.exec(message)?.[1] ?? '').toLowerCase();
        return new ValidationError(`${what}: ${message}`, side, coreField(attribute), validationCodeFrom(message));
      }
      const [attribute, messages] = Object.entries(errors)[0] ?? ['', ''];
      const message = Array.isArray(messages) ? (messages[0] ?? '') : messages;
      return new ValidationError(`${what}: ${attribute} ${message}`, side, coreField(attribute), validationCodeFrom(message));
    }
    const simple = simpleErrorSchema.safeParse(failure.body);
    const message = simple.success ? simple.data.error : `refused with ${failure.status}`;
    return new ValidationError(`${what}: ${message}`, side, '', validationCodeFrom(message));
  }
  return undefined;
}
