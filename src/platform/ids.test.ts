import { expect, it } from 'vitest';
import { newId } from './ids.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

it('makes RFC 9562 version-7 ids that carry the current time and sort in creation order', () => {
  const before = Date.now();
  const ids = Array.from({ length: 50_000 }, newId);
  const after = Date.now();
  for (const id of ids.slice(0, 1000)) expect(id).toMatch(V7);
  expect(new Set(ids).size).toBe(ids.length);
  // strictly increasing, also within one millisecond
  for (let i = 1; i < ids.length; i++) expect((ids[i] as string) > (ids[i - 1] as string)).toBe(true);
  const ms = (id: string) => Number.parseInt(id.replace('-', '').slice(0, 12), 16);
  expect(ms(ids[0] as string)).toBeGreaterThanOrEqual(before);
  expect(ms(ids.at(-1) as string)).toBeLessThanOrEqual(after + 1);
});
