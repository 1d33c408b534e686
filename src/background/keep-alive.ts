/**
 * Keeps the MV3 service worker alive while a sync run is in progress. Chrome stops a worker
 * that has made no extension API call for ~30 s, and a long run does only fetch and IndexedDB
 * work; Chrome's documented remedy is a trivial extension call every ~25 s for the duration of
 * the work (sync-anchors.md B1). The run is still resumable if the worker stops anyway.
 */
export function keepAliveWhile<T>(work: Promise<T>, ping: () => Promise<unknown>, everyMs = 25_000): Promise<T> {
  const timer = setInterval(() => {
    ping().catch((error: unknown) => console.warn('[background] keep-alive ping failed', error));
  }, everyMs);
  return work.finally(() => clearInterval(timer));
}
