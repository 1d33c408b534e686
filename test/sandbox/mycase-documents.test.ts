/**
 * MyCase document upload (shared/reference/mycase-api.md §2.4): POST returns put_url on the
 * sandbox's own storage plus put_headers; the PUT of the bytes is stored byte-exact; /data is a
 * 302 to a one-minute URL.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, callJson, startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
let token: string;
let caseId: number;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.sandbox.close();
});
beforeEach(() => {
  t.sandbox.reset();
  token = t.sandbox.mycase.control.issueTokens().access_token;
  caseId = (t.sandbox.mycase.control.write('cases', null, { name: 'Upload case' }) as { id: number }).id;
});

interface PostedDocument {
  id: number;
  name: string;
  filename: string;
  path: string;
  case: { id: number } | null;
  folder: { id: number };
  self_url: string;
  put_url: string;
  put_headers: Record<string, string>;
}

async function postDocument(path = 'Docketwise/I-130 Package/I-130 Package', filename = 'i130-package.pdf') {
  return callJson<PostedDocument>(t.mc, `/v1/cases/${caseId}/documents`, { token, json: { path, filename, description: 'Forms package' } });
}

describe('MyCase sandbox documents', () => {
  it('R24 two-step upload: POST → 201 with put_url and x-amz-acl put_headers; PUT stores the bytes byte-exact', async () => {
    const posted = await postDocument();
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({
      name: 'I-130 Package',
      filename: 'i130-package.pdf',
      path: 'Docketwise/I-130 Package/I-130 Package',
      case: { id: caseId },
      folder: { id: expect.any(Number) },
      self_url: `/v1/documents/${posted.body.id}`,
    });
    expect(posted.body.put_headers).toEqual({ 'x-amz-acl': expect.any(String) });
    expect(new URL(posted.body.put_url).origin).toBe(t.mc);
    const bytes = new Uint8Array(randomBytes(300_000));
    bytes.set([0x25, 0x50, 0x44, 0x46, 0x2d], 0);
    const put = await call(t.mc, posted.body.put_url, {
      method: 'PUT',
      body: bytes,
      headers: { 'Content-Type': 'application/octet-stream', ...posted.body.put_headers },
    });
    expect(put.status).toBe(200);
    const stored = t.sandbox.mycase.control.documentBytes(posted.body.id);
    expect(stored).not.toBeNull();
    expect(Buffer.from(stored ?? new Uint8Array()).equals(Buffer.from(bytes))).toBe(true);
    const viaControl = await call(t.mc, `/__sandbox/documents/${posted.body.id}/bytes`);
    expect(Buffer.from(await viaControl.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it('the PUT is refused without the put headers, with another Content-Type, or after the URL expired', async () => {
    const posted = await postDocument();
    const body = new Uint8Array([1, 2, 3]);
    expect((await call(t.mc, posted.body.put_url, { method: 'PUT', body, headers: { 'Content-Type': 'application/octet-stream' } })).status).toBe(403);
    expect((await call(t.mc, posted.body.put_url, { method: 'PUT', body, headers: { 'Content-Type': 'application/pdf', ...posted.body.put_headers } })).status).toBe(403);
    expect((await call(t.mc, posted.body.put_url.replace(/X-Amz-Signature=[^&]+/, 'X-Amz-Signature=forged'), { method: 'PUT', body, headers: { 'Content-Type': 'application/octet-stream', ...posted.body.put_headers } })).status).toBe(403);
    expect(t.sandbox.mycase.control.documentBytes(posted.body.id)).toBeNull();
    t.clock.advance(15 * 60_000);
    expect((await call(t.mc, posted.body.put_url, { method: 'PUT', body, headers: { 'Content-Type': 'application/octet-stream', ...posted.body.put_headers } })).status).toBe(403);
  });

  it('GET /v1/documents/{id}/data → 302 to a URL that serves the bytes for one minute', async () => {
    const posted = await postDocument();
    const bytes = new Uint8Array(randomBytes(1024));
    await call(t.mc, posted.body.put_url, { method: 'PUT', body: bytes, headers: { 'Content-Type': 'application/octet-stream', ...posted.body.put_headers } });
    const data = await call(t.mc, `/v1/documents/${posted.body.id}/data`, { token });
    expect(data.status).toBe(302);
    const location = data.headers.get('location') ?? '';
    const download = await call(t.mc, location);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    t.clock.advance(60_000);
    expect((await call(t.mc, location)).status).toBe(403);
  });

  it('lists case documents and shows one; path and filename are required; unknown case → 404', async () => {
    await postDocument('Docketwise/A/A', 'a.pdf');
    await postDocument('Docketwise/A/A', 'a.pdf');
    const listed = await callJson<{ id: number; name: string }[]>(t.mc, `/v1/cases/${caseId}/documents`, { token });
    expect(listed.body).toHaveLength(2);
    expect(listed.headers.get('item-count')).toBe('2');
    const one = await callJson<Record<string, unknown>>(t.mc, `/v1/documents/${listed.body[0]?.id ?? 0}`, { token });
    expect(one.status).toBe(200);
    expect(one.body.put_url).toBeUndefined();
    const missing = await callJson<{ errors: { source: unknown }[] }>(t.mc, `/v1/cases/${caseId}/documents`, { token, json: { filename: 'x.pdf' } });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0]?.source).toEqual({ pointer: '/path' });
    expect((await callJson(t.mc, '/v1/cases/1/documents', { token, json: { path: 'a', filename: 'a.pdf' } })).status).toBe(404);
  });
});
