/**
 * Structured JSON logs through `console`: one JSON object per line with `level`, `message`,
 * `service`, `timestamp` and the caller's fields (errors as name, message and stack). Lambda's
 * JSON log format (the stack sets it) keeps each line as structured data and filters by the
 * console method's level; a logging library would add about 6 ms to every cold start for the
 * same lines. The variables keep the names Powertools gave them, so configurations carry over:
 * `POWERTOOLS_LOG_LEVEL` (DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT; default INFO),
 * `POWERTOOLS_SERVICE_NAME`, and `POWERTOOLS_DEV` (indented output, locally).
 */

const LEVELS = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type Level = keyof typeof LEVELS;

/** Error instances become plain fields (JSON.stringify would drop them to `{}`). */
function plain(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      stack: value.stack,
      ...(value.cause !== undefined && depth < 3 ? { cause: plain(value.cause, depth + 1) } : {}),
    };
  }
  return value;
}

class ConsoleLogger {
  private readonly threshold: number;
  private readonly service: string;
  private readonly indent: number | undefined;

  constructor(environment: NodeJS.ProcessEnv = process.env) {
    const level = (environment.POWERTOOLS_LOG_LEVEL ?? 'INFO').toUpperCase();
    this.threshold = LEVELS[level as Level] ?? LEVELS.INFO;
    this.service = environment.POWERTOOLS_SERVICE_NAME ?? 'open-banking';
    this.indent = environment.POWERTOOLS_DEV === 'true' ? 2 : undefined;
  }

  private write(level: Exclude<Level, 'SILENT'>, message: string, fields: Record<string, unknown>): void {
    if (LEVELS[level] < this.threshold) return;
    const entry: Record<string, unknown> = {
      level,
      message,
      service: this.service,
      timestamp: new Date().toISOString(),
    };
    for (const [name, value] of Object.entries(fields)) entry[name] = plain(value);
    const line = JSON.stringify(entry, undefined, this.indent);
    if (level === 'DEBUG') console.debug(line);
    else if (level === 'INFO') console.info(line);
    else if (level === 'WARN') console.warn(line);
    else console.error(line);
  }

  info(message: string, fields: Record<string, unknown> = {}): void {
    this.write('INFO', message, fields);
  }

  warn(message: string, fields: Record<string, unknown> = {}): void {
    this.write('WARN', message, fields);
  }

  error(message: string, fields: Record<string, unknown> = {}): void {
    this.write('ERROR', message, fields);
  }
}

/** The one logger of every function; built once per cold start. */
export const logger = new ConsoleLogger();
