/**
 * The one message protocol between the extension's pages, the Docketwise content script and
 * the background. Every request and response is a zod schema; `audience` says who may send it:
 * 'extension' = the extension's own pages only (popup, options), 'any' = those pages and content
 * scripts on Docketwise origins. Nothing here ever carries token material.
 */
import { z } from 'zod';

export type Audience = 'extension' | 'any';

interface MessageDefinition<Req extends z.ZodType, Res extends z.ZodType> {
  audience: Audience;
  request: Req;
  response: Res;
}

function define<Req extends z.ZodType, Res extends z.ZodType>(
  audience: Audience,
  request: Req,
  response: Res,
): MessageDefinition<Req, Res> {
  return { audience, request, response };
}

const entity = z.enum(['contact', 'matter']);
const product = z.enum(['mycase', 'docketwise']);
const recordId = z.number().int().positive();
const direction = z.enum(['pull', 'push']);
export const syncModeSchema = z.enum(['two-way', 'one-way']);

const outcomeCounts = z.object({
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  linked: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type OutcomeCounts = z.infer<typeof outcomeCounts>;

export const runSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(['initial', 'pull', 'push', 'docketwise-check']),
  trigger: z.enum(['activation', 'nightly', 'catch-up', 'docketwise-menu', 'popup', 'options', 'instant-push', 'scheduled-check', 'outbox-retry', 'resume']),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  outcome: z.enum(['running', 'ok', 'partial', 'failed']),
  /** Per entity and direction (R28). */
  counts: z.object({
    contact: z.object({ pull: outcomeCounts, push: outcomeCounts }),
    matter: z.object({ pull: outcomeCounts, push: outcomeCounts }),
  }),
  message: z.string().nullable(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const accountSchema = z.object({
  product,
  state: z.enum(['disconnected', 'connected', 'reconnect-required']),
  /** Firm or user name for display; never token material. */
  displayName: z.string().nullable(),
  credentials: z.enum(['broker', 'direct']),
});
export type AccountStatus = z.infer<typeof accountSchema>;

/** What to do about a problem: the popup renders one button per kind. */
export const problemActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reconnect'), product }),
  z.object({ kind: z.literal('open-log'), runId: z.string().nullable() }),
  z.object({ kind: z.literal('review'), itemId: z.string() }),
  z.object({ kind: z.literal('retry'), what: z.string() }),
  z.object({ kind: z.literal('none') }),
]);

export const problemSchema = z.object({
  id: z.string(),
  at: z.number(),
  severity: z.enum(['error', 'warning']),
  /** Written for paralegals: what happened and what to do next. */
  message: z.string(),
  action: problemActionSchema,
});
export type Problem = z.infer<typeof problemSchema>;

export const progressSchema = z.object({
  running: z.boolean(),
  runId: z.string().nullable(),
  phase: z.string().nullable(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  etaSeconds: z.number().nonnegative().nullable(),
});
export type Progress = z.infer<typeof progressSchema>;

export const statusSnapshotSchema = z.object({
  activated: z.boolean(),
  mode: syncModeSchema,
  accounts: z.array(accountSchema),
  lastRun: runSummarySchema.nullable(),
  lastSuccessfulPullAt: z.number().nullable(),
  nextNightlyAt: z.number().nullable(),
  nextCheckAt: z.number().nullable(),
  outbox: z.object({ pending: z.number().int().nonnegative(), failing: z.number().int().nonnegative() }),
  problems: z.array(problemSchema),
  progress: progressSchema,
});
export type StatusSnapshot = z.infer<typeof statusSnapshotSchema>;

export const settingsSchema = z.object({
  mode: syncModeSchema,
  /** Local time of the nightly pull, HH:MM (R13, default 02:00). */
  nightlyTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
});
export type Settings = z.infer<typeof settingsSchema>;

export const logEntrySchema = z.object({
  id: z.string(),
  runId: z.string(),
  at: z.number(),
  trigger: runSummarySchema.shape.trigger,
  entity,
  direction,
  outcome: z.enum(['created', 'updated', 'linked', 'skipped', 'failed', 'conflict', 'unchanged']),
  /** A short label such as the person's or matter's name, shown in the extension's own pages only. */
  label: z.string(),
  docketwiseId: recordId.nullable(),
  mycaseId: recordId.nullable(),
  reason: z.string().nullable(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

export const logQuerySchema = z.object({
  from: z.number().optional(),
  to: z.number().optional(),
  entity: entity.optional(),
  direction: direction.optional(),
  outcome: logEntrySchema.shape.outcome.optional(),
  runId: z.string().optional(),
  limit: z.number().int().min(1).max(5000).default(100),
  offset: z.number().int().nonnegative().default(0),
});
export type LogQuery = z.infer<typeof logQuerySchema>;

export const conflictSchema = z.object({
  id: z.string(),
  at: z.number(),
  entity,
  docketwiseId: recordId,
  mycaseId: recordId,
  label: z.string(),
  field: z.string(),
  /** The Docketwise value MyCase's value replaced (kept so it can be restored). */
  replacedValue: z.string(),
  mycaseValue: z.string(),
  restored: z.boolean(),
});
export type Conflict = z.infer<typeof conflictSchema>;

/** R29: what the user can do about a linked record deleted or archived on one side. */
export const reviewChoiceSchema = z.enum(['unlink', 'recreate', 'resume']);
export type ReviewChoice = z.infer<typeof reviewChoiceSchema>;

export const reviewItemSchema = z.object({
  id: z.string(),
  at: z.number(),
  kind: z.enum(['ambiguous-match', 'email-in-use', 'deleted-on-docketwise', 'deleted-on-mycase', 'no-person-client', 'sync-stopped']),
  entity,
  label: z.string(),
  /** Plain words: why it is here and what the choices do. */
  details: z.string(),
  candidates: z.array(z.object({ side: product, id: recordId, label: z.string() })),
  /** R29 items only: what happened to the linked record, on which side, and the choices offered. */
  mark: z.object({ what: z.enum(['deleted', 'archived']), side: product, choices: z.array(reviewChoiceSchema) }).optional(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

export const formsProgressSchema = z.object({
  jobId: z.string(),
  state: z.enum(['fetching', 'building', 'uploading', 'done', 'failed']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  message: z.string(),
  result: z.object({ documentId: recordId, filename: z.string(), pageCount: z.number().int() }).nullable(),
});
export type FormsProgress = z.infer<typeof formsProgressSchema>;

export const protocol = {
  /** Liveness check used by the pages and the end-to-end tests. */
  ping: define('any', z.object({ from: z.string().max(200) }), z.object({ pong: z.literal(true), echo: z.string(), at: z.number() })),

  /** A contact or matter was saved in an open Docketwise tab: queue its push (R18). */
  'docketwise/record-saved': define(
    'any',
    z.object({ entity, id: z.number().int().positive() }),
    z.object({ queued: z.boolean(), reason: z.string().optional() }),
  ),

  /** "Sync MyCase" in Docketwise and "Sync now" in the popup (R13). */
  'sync/start': define(
    'any',
    z.object({ trigger: z.enum(['docketwise-menu', 'popup', 'options']) }),
    z.object({ started: z.boolean(), runId: z.string().nullable(), reason: z.string().optional() }),
  ),

  /** Small progress view for the Docketwise tab and the popup while a run is going. */
  'sync/progress': define(
    'any',
    z.object({ runId: z.string().max(200).optional() }),
    progressSchema.extend({
      lastRun: runSummarySchema.nullable(),
      /** The run asked for by `runId` (`sync/start` names it): null until it has started. */
      run: runSummarySchema.nullable().optional(),
    }),
  ),

  /** Opens the options page at a section (content scripts cannot open extension pages themselves). */
  'options/open': define(
    'any',
    z.object({ view: z.enum(['log', 'connections', 'conflicts', 'review']), runId: z.string().max(200).optional() }),
    z.object({ opened: z.boolean() }),
  ),

  /** Connect one product through the browser's identity API (started in the background). */
  'auth/connect': define('extension', z.object({ product }), z.object({ connected: z.boolean(), message: z.string().optional() })),
  'auth/disconnect': define('extension', z.object({ product: product.optional() }), z.object({ disconnected: z.boolean() })),
  /** "Test connection": reads the firm and user; says plainly when the plan or a permission is missing. */
  'auth/test': define('extension', z.object({ product }), z.object({ ok: z.boolean(), message: z.string() })),
  /** Direct mode: the firm's own client id and secret (stored in storage.local); null goes back to the broker. */
  'auth/set-direct-credentials': define(
    'extension',
    z.object({ product, credentials: z.object({ clientId: z.string().min(1).max(500), clientSecret: z.string().min(1).max(500) }).nullable() }),
    z.object({ saved: z.boolean(), disconnected: z.boolean(), warning: z.string() }),
  ),

  /** Everything the popup shows (R27), and the options page's header. */
  'status/get': define('extension', z.object({}), statusSnapshotSchema),

  'settings/get': define('extension', z.object({}), settingsSchema),
  'settings/set': define('extension', settingsSchema.partial(), settingsSchema),

  /** Activation (R7): both accounts connected, mode chosen → the initial sync starts. */
  'integration/activate': define('extension', z.object({ mode: syncModeSchema }), z.object({ started: z.boolean(), message: z.string().optional() })),
  /** R26: stop syncing and forget the tokens; links and the log are kept. */
  'integration/deactivate': define('extension', z.object({}), z.object({ deactivated: z.boolean() })),

  /** The run log (R28), filtered; the options page pages through it and exports CSV. */
  'log/query': define('extension', logQuerySchema, z.object({ entries: z.array(logEntrySchema), total: z.number().int().nonnegative() })),
  'log/runs': define('extension', z.object({ limit: z.number().int().min(1).max(200).default(20) }), z.object({ runs: z.array(runSummarySchema) })),

  /** Conflicts (R20): the Docketwise value MyCase replaced, and Restore. */
  'conflicts/list': define('extension', z.object({ includeResolved: z.boolean().default(false) }), z.object({ conflicts: z.array(conflictSchema) })),
  'conflicts/restore': define('extension', z.object({ id: z.string().min(1) }), z.object({ restored: z.boolean(), message: z.string() })),

  /** The review queue: ambiguous matches (R11), emails already used in MyCase (R2), deletions (R29). */
  'review/list': define('extension', z.object({}), z.object({ items: z.array(reviewItemSchema) })),
  'review/link': define(
    'extension',
    z.object({ itemId: z.string().nullable(), entity, docketwiseId: recordId, mycaseId: recordId }),
    z.object({ linked: z.boolean(), message: z.string() }),
  ),
  'review/dismiss': define('extension', z.object({ itemId: z.string().min(1) }), z.object({ dismissed: z.boolean() })),
  /** R29: unlink a marked pair, re-create the deleted record, or resume an archived one's sync. */
  'review/resolve': define(
    'extension',
    z.object({ itemId: z.string().min(1).max(300), action: reviewChoiceSchema }),
    z.object({ done: z.boolean(), message: z.string() }),
  ),

  /** Forms (R24, R25): whether a matter can send forms, then the package job and its progress. */
  'forms/eligibility': define(
    'any',
    z.object({ matterId: recordId }),
    z.object({ linked: z.boolean(), caseId: recordId.nullable(), reason: z.string().nullable() }),
  ),
  'forms/sync': define(
    'any',
    z.object({
      matterId: recordId,
      matterName: z.string().min(1).max(500),
      editable: z.boolean(),
      items: z
        .array(
          z.object({
            kind: z.enum(['form', 'document']),
            id: recordId,
            name: z.string().min(1).max(300),
            /** Forms: the app's download path (fetched with the user's session). Documents: fetched through the API. */
            downloadPath: z.string().max(1000).nullable(),
          }),
        )
        .min(1)
        .max(50),
    }),
    z.object({ jobId: z.string() }),
  ),
  'forms/progress': define('any', z.object({ jobId: z.string() }), formsProgressSchema),
} as const;

export type Protocol = typeof protocol;
export type MessageType = keyof Protocol;
export type RequestOf<T extends MessageType> = z.infer<Protocol[T]['request']>;
export type ResponseOf<T extends MessageType> = z.infer<Protocol[T]['response']>;

/** What travels over `runtime.sendMessage`. */
export const envelopeSchema = z.object({
  type: z.string().min(1).max(100),
  payload: z.unknown(),
});

export type ErrorReply = { ok: false; error: { kind: string; message: string } };
export type Reply<T> = { ok: true; value: T } | ErrorReply;

export const replySchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ kind: z.string(), message: z.string() }) }),
]);

export function isMessageType(type: string): type is MessageType {
  return Object.hasOwn(protocol, type);
}
