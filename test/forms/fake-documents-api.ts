/** An in-memory MyCaseDocumentsApi that records every call (the connector has its own tests). */
import type { MyCaseDocumentTarget, MyCaseDocumentsApi } from '../../src/forms/upload';

export class FakeDocumentsApi implements MyCaseDocumentsApi {
  readonly creates: { caseId: number; document: { path: string; filename: string; description?: string } }[] = [];
  readonly puts: { url: string; headers: Record<string, string>; bytes: Uint8Array }[] = [];
  private nextId = 9001;

  constructor(private readonly faults: { createFails?: unknown; putFails?: unknown } = {}) {}

  async createCaseDocument(caseId: number, document: { path: string; filename: string; description?: string }): Promise<MyCaseDocumentTarget> {
    this.creates.push({ caseId, document: { ...document } });
    if (this.faults.createFails !== undefined) throw this.faults.createFails;
    const id = this.nextId;
    this.nextId += 1;
    return { id, putUrl: `https://uploads.example.test/doc-${id}?signature=abc`, putHeaders: { 'x-amz-acl': 'private' } };
  }

  async putDocumentBytes(putUrl: string, putHeaders: Record<string, string>, bytes: Uint8Array): Promise<void> {
    // Copied: the caller's buffer must not be what the test inspects later.
    this.puts.push({ url: putUrl, headers: { ...putHeaders }, bytes: bytes.slice() });
    if (this.faults.putFails !== undefined) throw this.faults.putFails;
  }
}
