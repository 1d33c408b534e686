/**
 * MyCase error bodies (reference §7): `{"errors":[{"description", "source":{"pointer"|"parameter"}}]}`.
 * A 422 pointer names the refused field; it is reported under the core's field name so the
 * engine can tell an email clash (R2) from a case-name clash (R6).
 */
import { z } from 'zod';
import { PermissionDeniedError, ValidationError, type SyncError } from '../../core/errors';
import type { Side } from '../../core/types';
import { mentionsPlan, validationCodeFrom } from '../error-text';
import type { HttpFailure } from '../http/http-client';

const errorBodySchema = z.object({
  errors: z.array(
    z.object({
      description: z.string().nullish(),
      source: z.object({ pointer: z.string().nullish(), parameter: z.string().nullish() }).nullish(),
    }),
  ),
});

/** MyCase request fields → the core's names; others keep their API name. */
const CORE_FIELD: Readonly<Record<string, string>> = {
  first_name: 'firstName',
  last_name: 'lastName',
  email: 'email',
  address: 'address',
  cell_phone_number: 'mobilePhone',
  work_phone_number: 'workPhone',
  name: 'name',
  description: 'description',
  clients: 'clientIds',
};

function fieldFromPointer(pointer: string): string {
  const parts = pointer.split('/').filter((part) => part !== '');
  const first = parts[0] ?? '';
  return CORE_FIELD[first] ?? parts.join('.');
}

export function mapMyCaseError(failure: HttpFailure, side: Side): SyncError | undefined {
  const parsed = errorBodySchema.safeParse(failure.body);
  const errors = parsed.success ? parsed.data.errors : [];
  const text = errors.map((e) => e.description ?? '').join('; ') || (typeof failure.body === 'string' ? failure.body : '');
  const what = `${failure.request.method} ${failure.request.path}`;

  if (failure.status === 403) {
    return new PermissionDeniedError(
      `${what}: MyCase refused access${text ? ` (${text})` : ''}`,
      side,
      mentionsPlan(text) ? 'plan' : 'permission',
    );
  }
  if (failure.status === 422 || failure.status === 400) {
    const withSource = errors.find((e) => e.source?.pointer || e.source?.parameter) ?? errors[0];
    const pointer = withSource?.source?.pointer;
    const field = pointer ? fieldFromPointer(pointer) : (withSource?.source?.parameter ?? '');
    const description = withSource?.description ?? `refused with ${failure.status}`;
    return new ValidationError(`${what}: ${field || 'request'}: ${description}`, side, field, validationCodeFrom(description));
  }
  return undefined;
}
