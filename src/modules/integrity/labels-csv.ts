/**
 * Labelled-review CSV files (CONTRACT): a header with `text` and `label` (`fake` or
 * `genuine`), optionally `rating` (1–5). Parsed with csv-parse (quoted fields, embedded
 * newlines and commas, a BOM); a bad row is an error naming its line.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Label } from './integrity.tables.js';
import type { Labelled } from './model/pipeline.js';

export interface LabelRow {
  text: string;
  label: Label;
  rating: number | null;
}

export function parseLabelCsv(content: string | Buffer): LabelRow[] {
  const records = parse(content, { columns: true, bom: true, skip_empty_lines: true, info: true, relax_quotes: true }) as Array<{
    record: Record<string, string | undefined>;
    info: { lines: number };
  }>;
  const first = records[0]?.record;
  if (first && (!('text' in first) || !('label' in first))) throw new Error('the CSV header must name the columns text and label');
  return records.map(({ record, info }) => {
    const label = (record.label ?? '').trim().toLowerCase();
    if (label !== 'fake' && label !== 'genuine')
      throw new Error(`line ${info.lines}: label must be fake or genuine, not "${record.label}"`);
    const raw = (record.rating ?? '').trim();
    const rating = raw === '' ? null : Number(raw);
    if (rating !== null && !(Number.isInteger(rating) && rating >= 1 && rating <= 5))
      throw new Error(`line ${info.lines}: rating must be 1 to 5, not "${raw}"`);
    return { text: record.text ?? '', label, rating };
  });
}

export const readLabelCsv = (file: string) => parseLabelCsv(fs.readFileSync(file));

export const toLabelled = (rows: LabelRow[]): Labelled[] =>
  rows.map((r) => ({ text: r.text, rating: r.rating, label: r.label === 'fake' ? 1 : 0 }));
