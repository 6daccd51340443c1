/**
 * The benchmark row every section returns, and the tables bench/run.ts prints. Figures are
 * ratios against a baseline measured in the same run: this machine is noisy (2 cores shared
 * with other work), so absolute numbers only mean something next to their baseline.
 */
import { describeWork, type Work } from './work.ts';

/** `--quick` (bench/run.ts sets it): smaller slices and fewer operations, for a fast look while developing. */
export function quick(): boolean {
  return process.env.BENCH_QUICK === '1';
}

/** One figure; the same shape bench/ledger.ts returns. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The reference measured in the same run, when the row is a comparison. */
  baseline?: number;
  /** value / baseline (for rates above 1 is faster; for times and sizes above 1 is slower/bigger). */
  ratio?: number;
  /** Min and max of the ratio over the repeats (the ratio is their median). */
  spread?: [number, number];
  /**
   * Lambda invocations per operation, where a worker's batch serves several (bench/capacity.ts
   * bills the requests from it; `value` is then the operation's share of their billed time).
   */
  invocations?: number;
  /** DynamoDB work of one operation of ours, captured from the calls it made. */
  work?: Work;
  /** The same for the baseline. */
  baselineWork?: Work;
  note?: string;
  /** Why the row has a baseline but no ratio (the baseline did less work, or is the engine's floor). */
  noRatio?: string;
  /** The figure the issue asks for, judged on every print: see {@link verdict}. */
  target?: Target;
}

/** A target a row must meet: on its ratio (`ours / baseline`) or on its value. */
export interface Target {
  ratioAtMost?: number;
  ratioAtLeast?: number;
  valueAtMost?: number;
}

/**
 * `PASS ratio ≤ 1.25×`, `MISS ratio ≤ 1.25×`, or `NOT JUDGED …` when the row has no ratio (its
 * baseline did less work); '' for a row without a target.
 */
export function verdict(row: BenchRow): string {
  const target = row.target;
  if (!target) return '';
  const checks: Array<[boolean | undefined, string]> = [];
  const ratio = row.ratio;
  if (target.ratioAtMost !== undefined)
    checks.push([
      ratio === undefined ? undefined : ratio <= target.ratioAtMost,
      `ratio ≤ ${target.ratioAtMost}×`,
    ]);
  if (target.ratioAtLeast !== undefined)
    checks.push([
      ratio === undefined ? undefined : ratio >= target.ratioAtLeast,
      `ratio ≥ ${target.ratioAtLeast}×`,
    ]);
  if (target.valueAtMost !== undefined)
    checks.push([row.value <= target.valueAtMost, `≤ ${target.valueAtMost} ${row.unit}`]);
  return checks
    .map(([met, text]) => `${met === undefined ? 'NOT JUDGED (no ratio)' : met ? 'PASS' : 'MISS'} ${text}`)
    .join(', ');
}

/** What one section produced: its rows, or why it did not run. */
export interface SectionResult {
  section: string;
  rows: BenchRow[];
  skipped?: string;
  failed?: string;
  seconds: number;
}

/** Rounds to `digits` decimals (numbers in tables, not in computations). */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** A comparison row: value, baseline and their ratio, rounded for print. */
export function compared(
  name: string,
  value: number,
  baseline: number,
  unit: string,
  note?: string,
  digits = 1,
): BenchRow {
  return {
    name,
    value: round(value, digits),
    unit,
    baseline: round(baseline, digits),
    ratio: round(value / baseline, 3),
    ...(note ? { note } : {}),
  };
}

/** The median of a list of numbers (NaN when empty). */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The nearest-rank percentile of a list of numbers (NaN when empty). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** The arithmetic mean (NaN when empty). */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * Rows from another bench's result, whatever its shape: `{ name, value, … }` as here, or
 * `{ name, ours, baseline, unit, ratio }` as bench/vietqr.ts returns.
 */
export function adaptRows(results: readonly unknown[]): BenchRow[] {
  return results.map((raw) => {
    const row = raw as Record<string, unknown>;
    const value = Number(row.value ?? row.ours);
    const baseline = row.baseline === undefined ? undefined : Number(row.baseline);
    const ratio =
      row.ratio !== undefined
        ? Number(row.ratio)
        : baseline !== undefined && baseline !== 0
          ? round(value / baseline, 3)
          : undefined;
    return {
      name: String(row.name ?? row.benchmark ?? '?'),
      value,
      unit: String(row.unit ?? ''),
      ...(baseline !== undefined ? { baseline } : {}),
      ...(ratio !== undefined ? { ratio } : {}),
      ...(row.note !== undefined ? { note: String(row.note) } : {}),
      ...(row.target ? { target: row.target as Target } : {}),
    };
  });
}

const format = (value: number | undefined): string => {
  if (value === undefined || Number.isNaN(value)) return '';
  return Math.abs(value) >= 1_000 ? Math.round(value).toLocaleString('en-US') : String(value);
};

/** Prints rows as a plain-text table: name, ours, baseline, ratio, unit, note. */
export function printTable(title: string, rows: readonly BenchRow[], out = console.log): void {
  const header = ['name', 'ours', 'baseline', 'ratio', 'unit', 'target', 'note'];
  const cells = rows.map((row) => [
    row.name,
    format(row.value),
    format(row.baseline),
    row.ratio === undefined ? '' : `${row.ratio}×${row.spread ? ` (${row.spread[0]}–${row.spread[1]})` : ''}`,
    row.unit,
    verdict(row),
    [
      row.note ?? '',
      row.work ? `ours: ${describeWork(row.work)}` : '',
      row.baselineWork ? `baseline: ${describeWork(row.baselineWork)}` : '',
    ]
      .filter(Boolean)
      .join(' | '),
  ]);
  printGrid(title, header, cells, [false, true, true, true, false, false, false], out);
}

/** Prints every ratio of the run, section by section, and what was skipped or failed. */
export function printSummary(results: readonly SectionResult[], out = console.log): void {
  const cells: string[][] = [];
  for (const result of results) {
    if (result.skipped || result.failed) {
      cells.push([
        result.section,
        result.failed ? `FAILED: ${result.failed}` : `skipped: ${result.skipped}`,
        '',
        '',
        '',
      ]);
      continue;
    }
    for (const row of result.rows) {
      if (row.ratio === undefined && !row.target) continue;
      cells.push([
        result.section,
        row.name,
        row.ratio === undefined
          ? ''
          : `${row.ratio}×${row.spread ? ` (${row.spread[0]}–${row.spread[1]})` : ''}`,
        verdict(row),
        row.baseline === undefined
          ? `${format(row.value)} ${row.unit}`
          : `${format(row.value)} / ${format(row.baseline)} ${row.unit}`,
      ]);
    }
  }
  printGrid(
    'summary: ratios against same-run baselines, and the targets',
    ['section', 'figure', 'ratio', 'target', 'ours / baseline'],
    cells,
    [false, false, true, false, false],
    out,
  );
}

function printGrid(
  title: string,
  header: string[],
  cells: string[][],
  rightAligned: boolean[],
  out: (line: string) => void,
): void {
  const widths = header.map((name, i) => Math.max(name.length, ...cells.map((row) => row[i]!.length)));
  // The last column (notes) is not padded: it may be long and nothing follows it.
  const line = (row: string[]) =>
    row
      .map((cell, i) =>
        i === row.length - 1 ? cell : rightAligned[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  out('');
  out(`── ${title} ${'─'.repeat(Math.max(0, 72 - title.length))}`);
  out(line(header));
  out(line(widths.map((w) => '-'.repeat(Math.min(w, 60)))));
  for (const row of cells) out(line(row));
}
