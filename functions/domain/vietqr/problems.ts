import { type QrProblem, ROOT } from './spec.ts';

/** Most problems a decoding reports; past that, one last entry says how many more there were. */
const MAX_PROBLEMS = 100;

/** Collects the problems of one decoding, capped so that a hostile payload cannot inflate the answer. */
export class Findings {
  readonly list: QrProblem[] = [];
  private dropped = 0;

  /** The payload is malformed: EMVCo structure, lengths, character set, CRC or the NAPAS template. */
  format(path: string, message: string): void {
    this.add({ path, message, kind: 'format' });
  }

  /** Well formed, but not a VietQR this platform can pay. */
  profile(path: string, message: string): void {
    this.add({ path, message, kind: 'profile' });
  }

  /** The problems, with a closing note when some were dropped. */
  all(): QrProblem[] {
    if (this.dropped === 0) return this.list;
    const last = this.list[this.list.length - 1]!;
    return [
      ...this.list,
      { path: ROOT, kind: last.kind, message: `${this.dropped} more problems not listed.` },
    ];
  }

  private add(problem: QrProblem): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(problem);
    else this.dropped++;
  }
}
