import { mainTableAnswers } from '#store/table-health.ts';

export interface Health {
  storage: 'Available' | 'Unavailable';
  /** How long the storage check took. */
  latencyMs: number;
}

/** Whether the service's storage answers, and how fast. */
export async function checkHealth(): Promise<Health> {
  const started = Date.now();
  const answers = await mainTableAnswers();
  return { storage: answers ? 'Available' : 'Unavailable', latencyMs: Date.now() - started };
}
