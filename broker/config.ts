/**
 * The broker's configuration, read from environment variables (never from a file in the repo,
 * never from the extension). Pure: no Node APIs, so the serverless entry can use it too.
 *
 * Sandbox mode: when `BROKER_SANDBOX=1`, or when none of the product / origin variables is set
 * at all, missing values fall back to the local sandbox (`npm run sandbox`): its token
 * endpoints on 127.0.0.1:4010 / 4020 and its published test clients. Any variable that is set
 * still wins. Outside sandbox mode every product variable and BROKER_ALLOWED_ORIGINS is
 * required, and a partial configuration is an error rather than a silent sandbox fallback.
 */
export type BrokerProduct = 'mycase' | 'docketwise';
export const BROKER_PRODUCTS: readonly BrokerProduct[] = ['mycase', 'docketwise'];

export interface ProductConfig {
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  /** MyCase takes JSON at `/tokens`; Docketwise (Doorkeeper) takes a form body at `/oauth/token`. */
  encoding: 'json' | 'form';
}

export interface RateLimitConfig {
  /** Bucket size: requests an origin may make in a burst. */
  burst: number;
  /** Steady refill rate. */
  perMinute: number;
}

export interface BrokerConfig {
  products: Record<BrokerProduct, ProductConfig>;
  /**
   * Exact extension origins allowed to call (CORS and a hard 403 for the rest), or
   * 'any-extension' (sandbox mode without BROKER_ALLOWED_ORIGINS only: any
   * chrome-extension:// or moz-extension:// origin, because unpacked test builds get random ids).
   */
  allowedOrigins: readonly string[] | 'any-extension';
  rateLimit: RateLimitConfig;
  upstreamTimeoutMs: number;
  sandbox: boolean;
}

export class BrokerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrokerConfigError';
  }
}

export const SANDBOX_DEFAULTS: Record<BrokerProduct, ProductConfig> = {
  mycase: {
    clientId: 'mycase-sandbox-client',
    clientSecret: 'mycase-sandbox-secret',
    tokenUrl: 'http://127.0.0.1:4010/tokens',
    encoding: 'json',
  },
  docketwise: {
    clientId: 'docketwise-sandbox-client',
    clientSecret: 'docketwise-sandbox-secret',
    tokenUrl: 'http://127.0.0.1:4020/oauth/token',
    encoding: 'form',
  },
};

const PRODUCT_VARS = {
  mycase: { clientId: 'MYCASE_CLIENT_ID', clientSecret: 'MYCASE_CLIENT_SECRET', tokenUrl: 'MYCASE_TOKEN_URL' },
  docketwise: { clientId: 'DOCKETWISE_CLIENT_ID', clientSecret: 'DOCKETWISE_CLIENT_SECRET', tokenUrl: 'DOCKETWISE_TOKEN_URL' },
} as const;

// Chrome ids are 32 letters a–p; Firefox uses a per-profile UUID. Kept a little looser so that
// other Chromium-based browsers' ids still pass.
const ORIGIN_PATTERN = /^(chrome-extension:\/\/[a-z0-9]+|moz-extension:\/\/[a-z0-9-]+)$/;

/** An origin an extension can have: `chrome-extension://<id>` or `moz-extension://<uuid>`. */
export function isExtensionOrigin(origin: string): boolean {
  return ORIGIN_PATTERN.test(origin);
}

export type Env = Readonly<Record<string, string | undefined>>;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > 1_000_000) throw new BrokerConfigError(`${name} must be a positive whole number.`);
  return n;
}

export function loadBrokerConfig(env: Env): BrokerConfig {
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const configVars = [...Object.values(PRODUCT_VARS).flatMap((v) => Object.values(v)), 'BROKER_ALLOWED_ORIGINS'];
  const sandbox = value('BROKER_SANDBOX') === '1' || configVars.every((name) => value(name) === undefined);

  const missing: string[] = [];
  const products = {} as Record<BrokerProduct, ProductConfig>;
  for (const product of BROKER_PRODUCTS) {
    const vars = PRODUCT_VARS[product];
    const pick = (key: keyof typeof vars): string => {
      const v = value(vars[key]);
      if (v !== undefined) return v;
      if (!sandbox) missing.push(vars[key]);
      return SANDBOX_DEFAULTS[product][key];
    };
    const tokenUrl = pick('tokenUrl');
    products[product] = { clientId: pick('clientId'), clientSecret: pick('clientSecret'), tokenUrl, encoding: SANDBOX_DEFAULTS[product].encoding };
    let url: URL | null = null;
    try {
      url = new URL(tokenUrl);
    } catch {
      url = null;
    }
    if (url === null || !(url.protocol === 'https:' || (url.protocol === 'http:' && (sandbox || isLoopback(url.hostname))))) {
      throw new BrokerConfigError(`${vars.tokenUrl} must be an https:// URL (http:// only for loopback or sandbox mode).`);
    }
  }

  const originsVar = value('BROKER_ALLOWED_ORIGINS');
  let allowedOrigins: BrokerConfig['allowedOrigins'];
  if (originsVar === undefined) {
    if (!sandbox) missing.push('BROKER_ALLOWED_ORIGINS');
    allowedOrigins = 'any-extension';
  } else {
    const list = originsVar.split(',').map((o) => o.trim().replace(/\/$/, '')).filter((o) => o !== '');
    const bad = list.filter((o) => !isExtensionOrigin(o));
    if (bad.length > 0 || list.length === 0) {
      throw new BrokerConfigError(
        `BROKER_ALLOWED_ORIGINS must list extension origins (chrome-extension://<id>, moz-extension://<uuid>); refused: ${bad.join(', ') || '(empty)'}.`,
      );
    }
    allowedOrigins = list;
  }
  if (missing.length > 0) {
    throw new BrokerConfigError(`Missing configuration: ${missing.join(', ')} (or set BROKER_SANDBOX=1 for the local sandbox).`);
  }

  return {
    products,
    allowedOrigins,
    rateLimit: {
      burst: positiveInt('BROKER_RATE_LIMIT_BURST', value('BROKER_RATE_LIMIT_BURST'), 30),
      perMinute: positiveInt('BROKER_RATE_LIMIT_PER_MINUTE', value('BROKER_RATE_LIMIT_PER_MINUTE'), 60),
    },
    upstreamTimeoutMs: positiveInt('BROKER_UPSTREAM_TIMEOUT_MS', value('BROKER_UPSTREAM_TIMEOUT_MS'), 10_000),
    sandbox,
  };
}

function isLoopback(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/** A description safe to print at start-up: ids and URLs, never the secrets. */
export function describeConfig(config: BrokerConfig): string {
  const lines = [`mode: ${config.sandbox ? 'sandbox' : 'production'}`];
  for (const product of BROKER_PRODUCTS) {
    const p = config.products[product];
    lines.push(`${product}: client ${p.clientId}, token endpoint ${p.tokenUrl} (${p.encoding}), secret ${p.clientSecret.length} chars`);
  }
  lines.push(`allowed origins: ${config.allowedOrigins === 'any-extension' ? 'any extension origin (sandbox)' : config.allowedOrigins.join(', ')}`);
  lines.push(`rate limit per origin: burst ${config.rateLimit.burst}, ${config.rateLimit.perMinute}/min`);
  return lines.join('\n');
}
