/**
 * The rule every same-work comparison obeys: a ratio is printed only when the baseline did at
 * least the work ours did (DynamoDB calls, round trips, items read and written, conditions,
 * capacity units), as captured from the calls each side really made. Otherwise the row says
 * what the baseline skipped, and carries no ratio.
 */
import { type BenchRow, median, round } from './report.ts';
import { shortfalls, type Work } from './work.ts';

/** One figure measured in several repeats, each repeat a pair (ours, baseline) from interleaved slices. */
export interface Repeats {
  ours: number[];
  baseline: number[];
}

/**
 * A comparison row from repeats: the median of ours and of the baseline, the median ratio with
 * its min–max over the repeats, and both sides' work; no ratio when the baseline did less work.
 */
export function sameWorkRow(
  name: string,
  repeats: Repeats,
  unit: string,
  work: { ours: Work; baseline: Work },
  note: string,
  digits = 2,
): BenchRow {
  if (repeats.ours.length < 3 || repeats.ours.length !== repeats.baseline.length)
    throw new Error(`${name}: a comparison needs at least 3 paired repeats, got ${repeats.ours.length}`);
  const ratios = repeats.ours.map((value, i) => value / repeats.baseline[i]!);
  const missing = shortfalls(work.ours, work.baseline);
  const row: BenchRow = {
    name,
    value: round(median(repeats.ours), digits),
    unit,
    baseline: round(median(repeats.baseline), digits),
    work: work.ours,
    baselineWork: work.baseline,
    note,
  };
  if (missing.length > 0) {
    row.noRatio = 'baseline did less work';
    row.note = `NO RATIO: the baseline did less work (${missing.join('; ')}). ${note}`;
    return row;
  }
  row.ratio = round(median(ratios), 3);
  row.spread = [round(Math.min(...ratios), 3), round(Math.max(...ratios), 3)];
  return row;
}

/**
 * One repeat of a comparison: both sides, one after the other, the side that goes first
 * alternating from repeat to repeat (ours first in repeat 0), so that neither always meets the
 * machine as the other left it.
 */
export async function inTurn(repeat: number, ours: () => Promise<unknown>, baseline: () => Promise<unknown>) {
  if (repeat % 2 === 0) {
    await ours();
    await baseline();
  } else {
    await baseline();
    await ours();
  }
}

/**
 * A figure beside the engine's floor: a baseline that does less than ours on purpose (a bare
 * loop without the durability, the records or the checks ours has), measured in the same run.
 * Both figures are printed, with their medians over the repeats, but no ratio: the floor says
 * what the engine and the wire cost at least, not what ours should cost. `skipped` says what
 * the floor leaves out.
 */
export function floorRow(
  name: string,
  repeats: Repeats,
  unit: string,
  skipped: string,
  note: string,
): BenchRow {
  if (repeats.ours.length < 3 || repeats.ours.length !== repeats.baseline.length)
    throw new Error(`${name}: a comparison needs at least 3 paired repeats, got ${repeats.ours.length}`);
  const spread = (values: number[]) => `${round(Math.min(...values), 1)}–${round(Math.max(...values), 1)}`;
  return {
    name,
    value: round(median(repeats.ours), 1),
    unit,
    baseline: round(median(repeats.baseline), 1),
    noRatio: `the baseline is the engine's floor (${skipped})`,
    note: `NO RATIO: the baseline is the engine's floor (${skipped}). Ours ${spread(repeats.ours)}, floor ${spread(repeats.baseline)} over ${repeats.ours.length} repeats. ${note}`,
  };
}
