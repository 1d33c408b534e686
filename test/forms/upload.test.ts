import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PermissionDeniedError, TransientError, ValidationError } from '../../src/core/errors';
import { UploadIncompleteError, UploadOutcomeUnknownError } from '../../src/forms/errors';
import { sha256Hex, uploadPackage } from '../../src/forms/upload';
import { FakeDocumentsApi } from './fake-documents-api';

const names = { filename: 'Gonzalez - I-130 - 2026-02-02.pdf', path: 'Docketwise/Gonzalez - I-130 - 2026-02-02', description: 'Sent from Docketwise' };
const bytes = new Uint8Array(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256));

describe('uploadPackage', () => {
  it('R24 creates the case document, then PUTs the exact bytes with the returned headers', async () => {
    const api = new FakeDocumentsApi();
    const result = await uploadPackage(api, 501, { bytes }, names);

    expect(api.creates).toEqual([{ caseId: 501, document: { path: names.path, filename: names.filename, description: names.description } }]);
    expect(api.puts).toHaveLength(1);
    expect(api.puts[0]?.url).toBe('https://uploads.example.test/doc-9001?signature=abc');
    expect(api.puts[0]?.headers).toEqual({ 'x-amz-acl': 'private' });
    expect(Buffer.from(api.puts[0]?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
    expect(result).toEqual({
      documentId: 9001,
      filename: names.filename,
      path: names.path,
      bytes: 5000,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('leaves out the description when there is none', async () => {
    const api = new FakeDocumentsApi();
    await uploadPackage(api, 7, { bytes }, { filename: names.filename, path: names.path });
    expect(api.creates[0]?.document).toEqual({ path: names.path, filename: names.filename });
  });

  it('does not retry a create whose outcome is unknown, and says to check the case first', async () => {
    const api = new FakeDocumentsApi({ createFails: new TransientError('timeout', 'mycase') });
    const failure = uploadPackage(api, 501, { bytes }, names);
    await expect(failure).rejects.toBeInstanceOf(UploadOutcomeUnknownError);
    await expect(failure).rejects.toMatchObject({ caseId: 501, path: names.path, filename: names.filename });
    expect(api.creates).toHaveLength(1);
    expect(api.puts).toHaveLength(0);
  });

  it('treats an unknown error (a dropped connection) as an unknown outcome too', async () => {
    const api = new FakeDocumentsApi({ createFails: new TypeError('Failed to fetch') });
    await expect(uploadPackage(api, 501, { bytes }, names)).rejects.toBeInstanceOf(UploadOutcomeUnknownError);
  });

  it('passes a clear refusal through unchanged (nothing was created)', async () => {
    const refusal = new PermissionDeniedError('no access', 'mycase', 'permission');
    const api = new FakeDocumentsApi({ createFails: refusal });
    await expect(uploadPackage(api, 501, { bytes }, names)).rejects.toBe(refusal);
    const invalid = new ValidationError('path is invalid', 'mycase', 'path', 'invalid');
    await expect(uploadPackage(new FakeDocumentsApi({ createFails: invalid }), 501, { bytes }, names)).rejects.toBe(invalid);
  });

  it('reports the created document id when the bytes did not arrive', async () => {
    const api = new FakeDocumentsApi({ putFails: new TransientError('S3 503', 'mycase') });
    const failure = uploadPackage(api, 501, { bytes }, names);
    await expect(failure).rejects.toBeInstanceOf(UploadIncompleteError);
    await expect(failure).rejects.toMatchObject({ documentId: 9001, caseId: 501 });
  });

  it('hashes like node:crypto', async () => {
    expect(await sha256Hex(new Uint8Array())).toBe(createHash('sha256').digest('hex'));
    expect(await sha256Hex(bytes.subarray(10, 20))).toBe(createHash('sha256').update(bytes.subarray(10, 20)).digest('hex'));
  });
});
