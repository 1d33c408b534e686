import { describe, expect, it } from 'vitest';
import { BrokerConfigError, SANDBOX_DEFAULTS, describeConfig, loadBrokerConfig } from '../../broker/config';

const production = {
  MYCASE_CLIENT_ID: 'mc',
  MYCASE_CLIENT_SECRET: 'mc-secret-value',
  MYCASE_TOKEN_URL: 'https://auth.mycase.com/tokens',
  DOCKETWISE_CLIENT_ID: 'dw',
  DOCKETWISE_CLIENT_SECRET: 'dw-secret-value',
  DOCKETWISE_TOKEN_URL: 'https://app.docketwise.com/oauth/token',
  BROKER_ALLOWED_ORIGINS: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop, moz-extension://0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
};

describe('broker configuration', () => {
  it('with no environment at all it brokers for the local sandbox', () => {
    const config = loadBrokerConfig({});
    expect(config.sandbox).toBe(true);
    expect(config.products).toEqual(SANDBOX_DEFAULTS);
    expect(config.products.mycase).toMatchObject({ clientId: 'mycase-sandbox-client', clientSecret: 'mycase-sandbox-secret', tokenUrl: 'http://127.0.0.1:4010/tokens' });
    expect(config.products.docketwise).toMatchObject({ clientSecret: 'docketwise-sandbox-secret', tokenUrl: 'http://127.0.0.1:4020/oauth/token', encoding: 'form' });
    expect(config.allowedOrigins).toBe('any-extension');
  });

  it('BROKER_SANDBOX=1 keeps sandbox defaults for what is not set and honours what is', () => {
    const config = loadBrokerConfig({ BROKER_SANDBOX: '1', MYCASE_TOKEN_URL: 'http://127.0.0.1:5555/tokens', BROKER_ALLOWED_ORIGINS: 'chrome-extension://abc' });
    expect(config.sandbox).toBe(true);
    expect(config.products.mycase.tokenUrl).toBe('http://127.0.0.1:5555/tokens');
    expect(config.products.docketwise).toEqual(SANDBOX_DEFAULTS.docketwise);
    expect(config.allowedOrigins).toEqual(['chrome-extension://abc']);
  });

  it('a full production environment is read as given', () => {
    const config = loadBrokerConfig({ ...production, BROKER_RATE_LIMIT_BURST: '5', BROKER_RATE_LIMIT_PER_MINUTE: '12' });
    expect(config.sandbox).toBe(false);
    expect(config.products.mycase).toEqual({ clientId: 'mc', clientSecret: 'mc-secret-value', tokenUrl: 'https://auth.mycase.com/tokens', encoding: 'json' });
    expect(config.allowedOrigins).toEqual(['chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'moz-extension://0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0']);
    expect(config.rateLimit).toEqual({ burst: 5, perMinute: 12 });
  });

  it('a partial environment is an error naming what is missing, never a silent sandbox fallback', () => {
    const { MYCASE_CLIENT_SECRET: _omitted, BROKER_ALLOWED_ORIGINS: _origins, ...partial } = production;
    expect(() => loadBrokerConfig(partial)).toThrow(BrokerConfigError);
    expect(() => loadBrokerConfig(partial)).toThrow(/MYCASE_CLIENT_SECRET.*BROKER_ALLOWED_ORIGINS/);
  });

  it('refuses origins that are not extension origins, and plain-http token URLs outside loopback', () => {
    expect(() => loadBrokerConfig({ ...production, BROKER_ALLOWED_ORIGINS: 'https://evil.example' })).toThrow(/BROKER_ALLOWED_ORIGINS/);
    expect(() => loadBrokerConfig({ ...production, BROKER_ALLOWED_ORIGINS: '*' })).toThrow(/BROKER_ALLOWED_ORIGINS/);
    expect(() => loadBrokerConfig({ ...production, MYCASE_TOKEN_URL: 'http://auth.mycase.com/tokens' })).toThrow(/MYCASE_TOKEN_URL/);
    expect(() => loadBrokerConfig({ ...production, BROKER_RATE_LIMIT_BURST: 'lots' })).toThrow(/BROKER_RATE_LIMIT_BURST/);
  });

  it('the start-up description names clients and endpoints but never a secret', () => {
    const text = describeConfig(loadBrokerConfig(production));
    expect(text).toContain('https://auth.mycase.com/tokens');
    expect(text).not.toContain('mc-secret-value');
    expect(text).not.toContain('dw-secret-value');
  });
});
