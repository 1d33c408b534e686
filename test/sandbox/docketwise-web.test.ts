/**
 * The Docketwise web app's server side (docs/contracts.md "The Docketwise web app"): static
 * files with single-page-app fallback, the `dw_session` cookie, the app's own API calls (not
 * rate-limited), `/app-api/*` and the fillable form PDFs.
 */
import { PDFCheckBox, PDFDocument, PDFTextField } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formFieldNames } from '../../sandbox/pdf/form-pdf';
import { call, callJson, startTestSandbox, type TestSandbox } from './helpers';

type Form = { id: number; name: string; kind: string; pageCount: number; updatedAt: string; downloadUrl: string };

let t: TestSandbox;
let cookie: string;
let matterId: number;
beforeAll(async () => {
  t = await startTestSandbox();
  t.sandbox.seed({ seed: 3, contacts: 30 });
  const first = await call(t.dw, '/');
  const setCookie = first.headers.get('set-cookie') ?? '';
  cookie = setCookie.split(';')[0] ?? '';
  const matters = t.sandbox.docketwise.control.list('matters') as { id: number }[];
  matterId = matters[0]?.id ?? 0;
});
afterAll(async () => {
  await t.sandbox.close();
});

describe('Docketwise sandbox web app', () => {
  it('the first page load sets the dw_session cookie; a signed-in load does not set a new one', async () => {
    expect(cookie).toMatch(/^dw_session=[0-9a-f]+$/);
    const again = await call(t.dw, '/', { headers: { Cookie: cookie } });
    expect(again.status).toBe(200);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('serves static files and falls back to index.html for client-side routes; missing assets and traversal are 404', async () => {
    const index = await (await call(t.dw, '/index.html')).text();
    const route = await call(t.dw, `/matters/${matterId}/forms`, { headers: { Cookie: cookie } });
    expect(route.status).toBe(200);
    expect(route.headers.get('content-type')).toMatch(/text\/html/);
    expect(await route.text()).toBe(index);
    expect((await call(t.dw, '/assets/missing-file.js')).status).toBe(404);
    expect((await call(t.dw, '/%2e%2e/%2e%2e/package.json')).status).toBe(404);
    expect((await call(t.dw, '/api/v1/unknown', { headers: { Cookie: cookie } })).status).toBe(404);
  });

  it('/app-api/session needs the cookie and names the user and firm', async () => {
    expect((await call(t.dw, '/app-api/session')).status).toBe(401);
    const session = await callJson(t.dw, '/app-api/session', { headers: { Cookie: cookie } });
    expect(session.body).toEqual({ user: { id: expect.any(Number), name: expect.any(String), email: expect.any(String) }, firm: { id: expect.any(Number), name: expect.any(String) } });
  });

  it("the app's own cookie calls reach /api/v1 and are not counted against the token's 120/min", async () => {
    const token = t.sandbox.docketwise.control.issueTokens().access_token;
    for (let i = 0; i < 130; i += 1) {
      expect((await call(t.dw, '/api/v1/matters?per_page=1', { headers: { Cookie: cookie } })).status).toBe(200);
    }
    expect((await call(t.dw, '/api/v1/contacts', { token })).status).toBe(200);
    expect((await call(t.dw, '/api/v1/contacts', { headers: { Cookie: 'dw_session=forged' } })).status).toBe(401);
    const log = t.sandbox.docketwise.control.log(0);
    expect(log.byRoute['GET /api/v1/matters']).toBeGreaterThanOrEqual(130);
  });

  it('lists a matter\'s forms with kind, page count (2–12) and download URL', async () => {
    const forms = await callJson<Form[]>(t.dw, `/app-api/matters/${matterId}/forms`, { headers: { Cookie: cookie } });
    expect(forms.status).toBe(200);
    expect(forms.body.length).toBeGreaterThanOrEqual(1);
    for (const form of forms.body) {
      expect(form.kind).toBe(form.name.endsWith('Smart Form') ? 'smart-form' : 'uscis');
      expect(form.pageCount).toBeGreaterThanOrEqual(2);
      expect(form.pageCount).toBeLessThanOrEqual(12);
      expect(form.downloadUrl).toBe(`/downloads/forms/${form.id}.pdf`);
    }
    expect((await call(t.dw, `/app-api/matters/${matterId}/forms`)).status).toBe(401);
    expect((await call(t.dw, '/app-api/matters/999999/forms', { headers: { Cookie: cookie } })).status).toBe(404);
  });

  it('R24 a form download is a fillable PDF filled with the matter client\'s data', async () => {
    const forms = await callJson<Form[]>(t.dw, `/app-api/matters/${matterId}/forms`, { headers: { Cookie: cookie } });
    const form = forms.body[0];
    if (!form) throw new Error('seeded matter has no forms');
    expect((await call(t.dw, form.downloadUrl)).status).toBe(401);
    const response = await call(t.dw, form.downloadUrl, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = await PDFDocument.load(new Uint8Array(await response.arrayBuffer()));
    expect(pdf.getPageCount()).toBe(form.pageCount);
    const fields = pdf.getForm().getFields();
    const expected = formFieldNames(form.pageCount);
    expect(fields.map((f) => f.getName()).sort()).toEqual([...expected.keys()].sort());
    expect(fields.some((f) => f instanceof PDFTextField)).toBe(true);
    expect(fields.some((f) => f instanceof PDFCheckBox)).toBe(true);
    const matter = t.sandbox.docketwise.control.get('matters', matterId) as { client_id: number };
    const client = t.sandbox.docketwise.control.get('contacts', matter.client_id) as { last_name: string; email: string };
    expect(pdf.getForm().getTextField('Pt1Line1a_FamilyName').getText()).toBe(client.last_name);
    expect(pdf.getForm().getTextField('Pt1Line2_Email').getText()).toBe(client.email);
  });

  it('lists a matter\'s documents in the API shape with a download_url', async () => {
    const token = t.sandbox.docketwise.control.issueTokens().access_token;
    const created = await callJson<{ id: number }>(t.dw, '/api/v1/documents', { token, json: { document: { title: 'Passport scan', filename: 'passport.pdf', base64_data: Buffer.from('%PDF-1.4 x').toString('base64'), matter_id: matterId } } });
    expect(created.status).toBe(201);
    const documents = await callJson<{ id: number; title: string; download_url: string }[]>(t.dw, `/app-api/matters/${matterId}/documents`, { headers: { Cookie: cookie } });
    expect(documents.body.map((d) => d.title)).toEqual(['Passport scan']);
    const bytes = await call(t.dw, documents.body[0]?.download_url ?? '');
    expect(Buffer.from(await bytes.arrayBuffer()).toString()).toBe('%PDF-1.4 x');
  });
});
