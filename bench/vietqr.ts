import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import QRCode from 'qrcode';
import { QRPay } from 'vietnam-qr-pay';
import { banks } from '../functions/domain/banks.ts';
import { encodeVietQr, type VietQrInput } from '../functions/domain/vietqr/encode.ts';
import {
  ERROR_CORRECTION,
  PNG_SCALE,
  QUIET_ZONE_MODULES,
  renderPng,
} from '../functions/use-cases/qr/render-vietqr.ts';

/** One measurement: our throughput against a baseline doing the same work in the same run. */
export interface BenchResult {
  name: string;
  ours: number;
  baseline: number;
  unit: string;
  /** ours / baseline: above 1 means we are faster. */
  ratio: number;
}

/** Transfers both encoders can express identically: ASCII purposes, since the baseline does not strip diacritics. */
function transfers(count: number): VietQrInput[] {
  return Array.from({ length: count }, (_, i) => ({
    bankBin: banks[i % banks.length]!.bin,
    accountNumber: String(1_000_000_000 + i * 7919),
    service: 'QRIBFTTA',
    ...(i % 4 === 0 ? {} : { amount: String(10_000 + i * 1_000) }),
    ...(i % 3 === 0 ? {} : { purpose: `thanh toan hoa don ${i}` }),
  }));
}

function theirBuild(input: VietQrInput): string {
  return QRPay.initVietQR({
    bankBin: input.bankBin,
    bankNumber: input.accountNumber,
    ...(input.amount ? { amount: input.amount } : {}),
    ...(input.purpose ? { purpose: input.purpose } : {}),
  }).build();
}

/**
 * Runs `ours` and `baseline` in alternating slices (so that warm-up, GC and CPU frequency hit
 * both alike) for about `seconds` in all, and returns operations per second of each.
 */
async function race(
  ours: (i: number) => unknown,
  baseline: (i: number) => unknown,
  seconds: number,
  warmup: number,
): Promise<{ ours: number; baseline: number }> {
  const totals = { ours: { ops: 0, ms: 0 }, baseline: { ops: 0, ms: 0 } };
  const slice = 250;
  for (let i = 0; i < warmup; i++) {
    await ours(i);
    await baseline(i);
  }
  const rounds = Math.max(1, Math.round((seconds * 1000) / (2 * slice)));
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of [
      ['ours', ours],
      ['baseline', baseline],
    ] as const) {
      const start = performance.now();
      let ops = 0;
      while (performance.now() - start < slice) await fn(ops++);
      totals[name].ops += ops;
      totals[name].ms += performance.now() - start;
    }
  }
  return {
    ours: (totals.ours.ops * 1000) / totals.ours.ms,
    baseline: (totals.baseline.ops * 1000) / totals.baseline.ms,
  };
}

function result(name: string, unit: string, rates: { ours: number; baseline: number }): BenchResult {
  return {
    name,
    unit,
    ours: Math.round(rates.ours),
    baseline: Math.round(rates.baseline),
    ratio: Number((rates.ours / rates.baseline).toFixed(2)),
  };
}

/**
 * VietQR throughput against the npm package vietnam-qr-pay: payloads encoded per second, and
 * PNG renders per second (our renderer on our payload; the same qrcode library, with the same
 * options, on vietnam-qr-pay's payload for the same transfer).
 */
export async function benchVietQr(): Promise<BenchResult[]> {
  const inputs = transfers(500);
  const ourPayloads = inputs.map((input) => {
    const encoded = encodeVietQr(input);
    if (!encoded.ok) throw new Error(`bench input refused: ${JSON.stringify(encoded.errors)}`);
    return encoded.payload;
  });
  const theirPayloads = inputs.map(theirBuild);
  const pick = <T>(list: T[], i: number) => list[i % list.length]!;

  const encode = await race(
    (i) => encodeVietQr(pick(inputs, i)),
    (i) => theirBuild(pick(inputs, i)),
    4,
    2_000,
  );
  const options = {
    type: 'png',
    errorCorrectionLevel: ERROR_CORRECTION,
    margin: QUIET_ZONE_MODULES,
    scale: PNG_SCALE,
  } as const;
  const png = await race(
    (i) => renderPng(pick(ourPayloads, i)),
    (i) => QRCode.toBuffer(pick(theirPayloads, i), options).then((buffer) => buffer.toString('base64')),
    6,
    5,
  );
  return [
    result('VietQR payloads encoded, ours vs vietnam-qr-pay', 'payloads/s', encode),
    result('VietQR PNG renders, ours vs qrcode.toBuffer of vietnam-qr-pay payloads', 'renders/s', png),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await benchVietQr();
  console.table(
    results.map((r) => ({
      benchmark: r.name,
      ours: r.ours,
      'vietnam-qr-pay': r.baseline,
      unit: r.unit,
      ratio: r.ratio,
    })),
  );
}
