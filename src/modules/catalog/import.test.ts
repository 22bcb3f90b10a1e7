import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeStore } from '../../testing/harness.js';
import { importFile, parseImportLine } from './import.js';

const line = (o: Record<string, unknown>) => JSON.stringify(o);

describeStore('catalog import', (store) => {
  const write = (lines: string[]) => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-import-')), 'apps.jsonl');
    fs.writeFileSync(f, `${lines.join('\n')}\n`);
    return f;
  };

  it('upserts by bundleId, reports bad lines by number, and never half-applies a line', async () => {
    const { ctx } = store();
    const file = write([
      line({
        bundleId: 'com.imp.notes',
        name: 'Notes Pro',
        developer: 'Example Ltd',
        category: 'Productivity',
        description: 'Take notes.',
        keywords: ['notes', 'journal'],
        priceMinor: 299,
        currency: 'USD',
        ratingAverage: 4.6,
        ratingCount: 1523,
        downloads: 250000,
        releasedAt: '2017-03-02',
        updatedAt: '2018-01-10',
        version: '2.1.0',
        ageRating: '4+',
        sizeBytes: 48000000,
      }),
      '{not json',
      line({ bundleId: 'com.imp.bad', name: 'No category', developer: 'X' }),
      line({ bundleId: 'com.imp.tide', name: 'Tide Tables', developer: 'Example Ltd', category: 'Weather' }),
      line({ bundleId: 'com.imp.wrongcat', name: 'Casino', developer: 'X', category: 'Gambling' }),
      '',
      line({ bundleId: 'com.imp.neg', name: 'Negative', developer: 'X', category: 'Books', priceMinor: -1 }),
    ]);
    const s = await importFile(ctx, file);
    expect(s).toMatchObject({ lines: 7, created: 2, updated: 0, failed: 4 });
    expect(s.problems.map((p) => p.line)).toEqual([2, 3, 5, 7]);
    expect(s.problems[1]?.error).toMatch(/category/);

    const notes = await ctx.services.catalog.getApp(ctx.db, 'com.imp.notes');
    expect(notes).toMatchObject({
      name: 'Notes Pro',
      developer: 'Example Ltd',
      priceMinor: 299,
      ratingAverage: 4.6,
      ratingCount: 1523,
      downloads: 250000,
      version: '2.1.0',
      status: 'live',
    });
    expect(notes.ratingHistogram.reduce((a, b) => a + b, 0)).toBe(1523);
    expect(notes.releasedAt).toBe('2017-03-02T00:00:00.000Z');
    const tide = await ctx.services.catalog.getApp(ctx.db, 'com.imp.tide');
    expect(tide.developerId).toBe(notes.developerId); // one developer per name
    await expect(ctx.services.catalog.getApp(ctx.db, 'com.imp.neg')).rejects.toMatchObject({ code: 'app_not_found' });

    // second run updates in place
    const again = write([
      line({ bundleId: 'com.imp.notes', name: 'Notes Pro 2', developer: 'Example Ltd', category: 'Productivity', downloads: 300000 }),
    ]);
    expect(await importFile(ctx, again)).toMatchObject({ created: 0, updated: 1, failed: 0 });
    await ctx.bus.drain(); // every process drops its cached copy on app.updated
    const updated = await ctx.services.catalog.getApp(ctx.db, 'com.imp.notes');
    expect(updated).toMatchObject({ name: 'Notes Pro 2', downloads: 300000, priceMinor: 299, ratingCount: 1523 });
    const events = await ctx.db.selectFrom('outbox').select('type').where('aggregate_id', '=', updated.id).orderBy('seq').execute();
    expect(events.map((e) => e.type)).toEqual(['app.created', 'app.updated']);
  });

  it('imports in batches and still isolates the rows of a failing batch', async () => {
    const { ctx } = store();
    // a duplicate bundle id inside one batch keeps the last occurrence; many lines span batches
    const lines = Array.from({ length: 25 }, (_, i) =>
      line({ bundleId: `com.batch.a${i}`, name: `Batch ${i}`, developer: `Dev ${i % 3}`, category: 'Books' }),
    );
    lines.push(line({ bundleId: 'com.batch.a3', name: 'Batch 3 again', developer: 'Dev 0', category: 'Books' }));
    const s = await importFile(ctx, write(lines), { batchSize: 10 });
    expect(s.failed).toBe(0);
    expect(s.created + s.updated).toBe(26);
    expect((await ctx.services.catalog.getApp(ctx.db, 'com.batch.a3')).name).toBe('Batch 3 again');
  });
});

it('validates lines strictly', () => {
  expect(parseImportLine('[]').ok).toBe(false);
  expect(parseImportLine(line({ bundleId: 'nodots', name: 'x', developer: 'y', category: 'Books' })).ok).toBe(false);
  expect(parseImportLine(line({ bundleId: 'com.a.b', name: '', developer: 'y', category: 'Books' })).ok).toBe(false);
  expect(parseImportLine(line({ bundleId: 'com.a.b', name: 'x', developer: 'y', category: 'Books', ratingAverage: 7 })).ok).toBe(false);
  expect(parseImportLine(line({ bundleId: 'com.a.b', name: 'x', developer: 'y', category: 'Books', releasedAt: 'yesterday' })).ok).toBe(
    false,
  );
  const ok = parseImportLine(line({ bundleId: 'com.a.b', name: 'x', developer: 'y', category: 'Food & Drink', extra: 'ignored' }));
  expect(ok.ok).toBe(true);
});

it('runs as the operator CLI with a summary line and line-numbered errors', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchard-cli-'));
  const file = path.join(dir, 'apps.jsonl');
  fs.writeFileSync(file, [line({ bundleId: 'com.cli.one', name: 'One', developer: 'CLI Dev', category: 'Books' }), 'oops'].join('\n'));
  const root = path.resolve(import.meta.dirname, '../../..');
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts'), 'import', file], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent', DATABASE_URL: '' },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/line 2: invalid JSON/);
  const stdout = r.stdout;
  const last = stdout.trim().split('\n').at(-1) as string;
  expect(JSON.parse(last)).toMatchObject({ lines: 2, created: 1, failed: 1 });
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);
