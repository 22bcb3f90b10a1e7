/**
 * Catalog import (CONTRACT): JSON Lines, one app per line, upserted by bundleId. Lines are
 * validated one by one (a bad line is reported with its number and skipped); good lines are
 * written in batches, each batch in one transaction; if a batch fails in the database, its
 * lines are retried one at a time so a single bad row never takes others down with it.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { inTransaction } from '../../db/transaction.js';
import { currencies } from '../../platform/storefronts.js';
import { BUNDLE_ID_PATTERN, type ImportRecord } from './catalog.service.js';
import { categories } from './categories.js';

const dateLike = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date (YYYY-MM-DD or ISO-8601)');

export const importLineSchema = z
  .object({
    bundleId: z.string().min(3).max(155).regex(new RegExp(BUNDLE_ID_PATTERN), 'must be reverse-DNS like com.example.app'),
    name: z.string().trim().min(1).max(200),
    developer: z.string().trim().min(1).max(200),
    category: z.enum(categories),
    subtitle: z.string().max(200).optional(),
    description: z.string().max(20_000).optional(),
    keywords: z.array(z.string().max(60)).max(60).optional(),
    priceMinor: z.number().int().min(0).max(100_000_000).optional(),
    currency: z.enum(currencies as [string, ...string[]]).optional(),
    ratingAverage: z.number().min(0).max(5).optional(),
    ratingCount: z.number().int().min(0).max(1e10).optional(),
    downloads: z.number().int().min(0).max(1e12).optional(),
    releasedAt: dateLike.optional(),
    updatedAt: dateLike.optional(),
    version: z.string().max(50).optional(),
    ageRating: z.string().max(10).optional(),
    sizeBytes: z.number().int().min(0).max(1e12).optional(),
  })
  .passthrough();

export interface ImportProblem {
  line: number;
  error: string;
}
export interface ImportSummary {
  lines: number;
  created: number;
  updated: number;
  failed: number;
  seconds: number;
  problems: ImportProblem[];
}

export function parseImportLine(text: string): { ok: true; record: ImportRecord } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `invalid JSON: ${(err as Error).message}` };
  }
  const r = importLineSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, error: `${i?.path.join('.') || 'line'}: ${i?.message}` };
  }
  return { ok: true, record: r.data as ImportRecord };
}

export async function importFile(
  ctx: AppContext,
  file: string,
  opts: { batchSize?: number; onProgress?: (bytes: number, total: number, lines: number) => void; maxProblems?: number } = {},
): Promise<ImportSummary> {
  const t0 = performance.now();
  const total = (await fs.promises.stat(file)).size;
  const stream = fs.createReadStream(file);
  const rl = readline.createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  const summary: ImportSummary = { lines: 0, created: 0, updated: 0, failed: 0, seconds: 0, problems: [] };
  const batchSize = opts.batchSize ?? 1000;
  let batch: Array<{ line: number; record: ImportRecord }> = [];
  const problem = (line: number, error: string) => {
    summary.failed++;
    if (summary.problems.length < (opts.maxProblems ?? 1000)) summary.problems.push({ line, error });
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    try {
      const r = await inTransaction(ctx.db, (trx) =>
        ctx.services.catalog.importBatch(
          trx,
          items.map((i) => i.record),
        ),
      );
      summary.created += r.created;
      summary.updated += r.updated;
    } catch {
      for (const item of items) {
        try {
          const r = await inTransaction(ctx.db, (trx) => ctx.services.catalog.importBatch(trx, [item.record]));
          summary.created += r.created;
          summary.updated += r.updated;
        } catch (err) {
          problem(item.line, (err as Error).message);
        }
      }
    }
    opts.onProgress?.(stream.bytesRead, total, summary.lines);
  };
  for await (const text of rl) {
    summary.lines++;
    if (text.trim() === '') continue;
    const parsed = parseImportLine(text);
    if (!parsed.ok) problem(summary.lines, parsed.error);
    else batch.push({ line: summary.lines, record: parsed.record });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  summary.seconds = Math.round((performance.now() - t0) / 10) / 100;
  return summary;
}
