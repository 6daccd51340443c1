import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs (CloudWatch locally and in AWS alike); built once per cold start. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'open-banking' });
