import { describe, expect, it } from 'vitest';
import { mapDocketwiseError } from '../../src/connectors/docketwise/errors';
import type { HttpFailure } from '../../src/connectors/http/http-client';
import { mapMyCaseError } from '../../src/connectors/mycase/errors';
import { PermissionDeniedError, ValidationError } from '../../src/core/errors';

const failure = (status: number, body: unknown): HttpFailure => ({ status, body, request: { method: 'POST', path: '/x' } });

describe('MyCase error bodies', () => {
  it('R2 422 pointer /email "has already been taken" → ValidationError(email, taken)', () => {
    const error = mapMyCaseError(failure(422, { errors: [{ description: 'Email has already been taken', source: { pointer: '/email' } }] }), 'mycase');
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'email', code: 'taken', side: 'mycase' });
  });

  it('R6 422 pointer /name → ValidationError(name, taken)', () => {
    expect(mapMyCaseError(failure(422, { errors: [{ description: 'Name has already been taken', source: { pointer: '/name' } }] }), 'mycase')).toMatchObject({
      field: 'name',
      code: 'taken',
    });
  });

  it('other 422s name the core field and the kind of problem', () => {
    expect(mapMyCaseError(failure(422, { errors: [{ description: "First name can't be blank", source: { pointer: '/first_name' } }] }), 'mycase')).toMatchObject({
      field: 'firstName',
      code: 'required',
    });
    expect(mapMyCaseError(failure(422, { errors: [{ description: 'Zip code is invalid', source: { pointer: '/address/zip_code' } }] }), 'mycase')).toMatchObject({
      field: 'address',
      code: 'invalid',
    });
    expect(mapMyCaseError(failure(422, { errors: [{ description: 'Page size must be between 1 and 1000', source: { parameter: 'page_size' } }] }), 'mycase')).toMatchObject({
      field: 'page_size',
    });
  });

  it('R7 a 403 about the plan is reason plan; any other 403 is reason permission', () => {
    const plan = mapMyCaseError(failure(403, { errors: [{ description: "API access is not included in your firm's MyCase basic plan." }] }), 'mycase');
    expect(plan).toBeInstanceOf(PermissionDeniedError);
    expect(plan).toMatchObject({ reason: 'plan' });
    expect(mapMyCaseError(failure(403, { errors: [{ description: 'You do not have permission to perform this action' }] }), 'mycase')).toMatchObject({
      reason: 'permission',
    });
    expect(mapMyCaseError(failure(403, null), 'mycase')).toMatchObject({ reason: 'permission' });
  });

  it('leaves 404 and 5xx to the HTTP layer defaults', () => {
    expect(mapMyCaseError(failure(404, { errors: [] }), 'mycase')).toBeUndefined();
  });
});

describe('Docketwise error bodies', () => {
  it('reads a Rails-style 422 {errors: {field: [msg]}}', () => {
    expect(mapDocketwiseError(failure(422, { errors: { client_id: ["can't be blank"] } }), 'docketwise')).toMatchObject({
      field: 'clientIds',
      code: 'required',
      side: 'docketwise',
    });
    expect(mapDocketwiseError(failure(422, { errors: { email: ['has already been taken'] } }), 'docketwise')).toMatchObject({
      field: 'email',
      code: 'taken',
    });
  });

  it('reads a 422 with a list of full messages', () => {
    expect(mapDocketwiseError(failure(422, { errors: ['Title is invalid'] }), 'docketwise')).toMatchObject({ field: 'name', code: 'invalid' });
  });

  it('a 403 names plan or permission', () => {
    expect(mapDocketwiseError(failure(403, { error: 'Your subscription plan does not include API access' }), 'docketwise')).toMatchObject({ reason: 'plan' });
    expect(mapDocketwiseError(failure(403, { error: 'forbidden' }), 'docketwise')).toMatchObject({ reason: 'permission' });
  });
});
