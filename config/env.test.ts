import { ConfigError, loadConfig } from './env.js';

describe('configuration', () => {
  it('uses working defaults for the embedded setup', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', IMPORT_CHUNK_SIZE: 20_000, WEBHOOK_ALLOW_PRIVATE_NETWORKS: false });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.dataDir.endsWith('.data')).toBe(true);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', SMTP_URL: '' })).toMatchObject({ DATABASE_URL: undefined, SMTP_URL: undefined });
  });

  it('names every invalid variable at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SESSION_SECRET: 'short', ADMIN_EMAIL: 'not-an-email', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'maybe' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const named = error!.problems.map((p) => p.split(':')[0]);
    expect(named.sort()).toEqual(['ADMIN_EMAIL', 'DATABASE_URL', 'PORT', 'SESSION_SECRET', 'WEBHOOK_ALLOW_PRIVATE_NETWORKS']);
    expect(error!.message).toContain('DATABASE_URL: must start with postgres:// or postgresql://');
  });
});
