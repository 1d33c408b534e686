// The slice of the `chrome` namespace that tests evaluate inside extension pages and the
// worker (the code runs in the browser; these declarations only type it on the Node side).
declare const chrome: {
  runtime: { id: string; sendMessage(message: unknown): Promise<unknown>; getURL(path: string): string };
  alarms: { create(name: string, info: { when?: number; delayInMinutes?: number; periodInMinutes?: number }): Promise<void> };
  storage: {
    local: { get(keys: string | string[] | null): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
    session: { get(keys: string | string[] | null): Promise<Record<string, unknown>> };
  };
};
