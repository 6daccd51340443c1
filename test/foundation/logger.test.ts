import { afterEach, describe, expect, it, vi } from 'vitest';

/** The logger reads its level at import: each case imports a fresh copy under its own environment. */
async function freshLogger(level: string) {
  vi.resetModules();
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', level);
  vi.stubEnv('POWERTOOLS_DEV', 'false');
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'open-banking-test');
  return (await import('../../functions/runtime/logger.ts')).logger;
}

describe('logger: one JSON object per line through console, for Lambda JSON logs', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('writes level, message, service, timestamp and the fields, errors with name, message and stack', async () => {
    const logger = await freshLogger('INFO');
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));

    logger.error('payment not settled', {
      paymentId: 'p-1',
      error: new Error('NAPAS down', { cause: new Error('timeout') }),
    });

    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({
      level: 'ERROR',
      message: 'payment not settled',
      service: 'open-banking-test',
      paymentId: 'p-1',
      error: { name: 'Error', message: 'NAPAS down', cause: { message: 'timeout' } },
    });
    expect(entry.error.stack).toContain('NAPAS down');
    expect(new Date(entry.timestamp).toISOString()).toBe(entry.timestamp);
  });

  it('drops entries below the configured level and uses the console method of the level', async () => {
    const logger = await freshLogger('WARN');
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    logger.info('payment booked', { paymentId: 'p-2' });
    logger.warn('late cash dispense booked', { sessionId: 's-1' });

    expect(info).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledOnce();
    expect(JSON.parse(String(warn.mock.calls[0]![0]))).toMatchObject({ level: 'WARN', sessionId: 's-1' });
  });
});
