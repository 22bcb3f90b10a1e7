/**
 * Binary snapshot of the index: a magic line, a JSON header (format, outbox position, scalars,
 * and the byte range of every section), then the typed arrays (8-byte aligned, so loading maps
 * them without copying) and the string columns as JSON. Written to a temp file and renamed, so
 * a crash mid-write leaves the previous snapshot intact.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SearchIndex } from './engine.js';

const MAGIC = 'ORCHARD-SEARCH-SNAPSHOT\n';
export const SNAPSHOT_FORMAT = 1;

type Typed = Uint8Array | Uint32Array | Float32Array | Float64Array;
const TYPED = [
  'live',
  'category',
  'price',
  'rating',
  'ratingCount',
  'downloads',
  'quality',
  'fieldLen',
  'baseOffsets',
  'baseDocs',
  'baseTfs',
  'maxTf',
  'nameDocs',
] as const;
const STRINGS = [
  'appIds',
  'bundleIds',
  'names',
  'subtitles',
  'developers',
  'currencies',
  'icons',
  'availability',
  'terms',
  'nameKeys',
  'popular',
  'popularKeys',
] as const;

interface Section {
  name: string;
  kind: 'u8' | 'u32' | 'f32' | 'f64' | 'json';
  offset: number;
  bytes: number;
}

interface Header {
  format: number;
  seq: number;
  size: number;
  liveCount: number;
  avgLen: number[];
  fieldLenSum: number[];
  sections: Section[];
}

const kindOf = (a: Typed): Section['kind'] =>
  a instanceof Uint8Array ? 'u8' : a instanceof Uint32Array ? 'u32' : a instanceof Float32Array ? 'f32' : 'f64';

/** Writes the index (merged first) with the outbox position it reflects. Returns bytes written. */
export function writeSnapshot(file: string, ix: SearchIndex, seq: number): number {
  ix.merge();
  const bodies: Array<{ name: string; kind: Section['kind']; data: Buffer | Typed }> = [];
  const n = ix.size;
  for (const name of TYPED) {
    let a = ix[name] as Typed;
    const len =
      name === 'fieldLen'
        ? n * 4
        : name === 'baseOffsets' || name === 'baseDocs' || name === 'baseTfs' || name === 'maxTf' || name === 'nameDocs'
          ? a.length
          : n;
    a = a.subarray(0, len) as Typed;
    bodies.push({ name, kind: kindOf(a), data: a });
  }
  for (const name of STRINGS) {
    const v = ix[name] as unknown[];
    bodies.push({
      name,
      kind: 'json',
      data: Buffer.from(JSON.stringify(name === 'terms' ? v : v.slice(0, name.startsWith('popular') ? v.length : n))),
    });
  }
  const sections: Section[] = [];
  let off = 0;
  for (const b of bodies) {
    off = Math.ceil(off / 8) * 8;
    sections.push({ name: b.name, kind: b.kind, offset: off, bytes: b.data.byteLength });
    off += b.data.byteLength;
  }
  const header: Header = {
    format: SNAPSHOT_FORMAT,
    seq,
    size: n,
    liveCount: ix.liveCount,
    avgLen: [...ix.avgLen],
    fieldLenSum: [...ix.fieldLenSum],
    sections,
  };
  const headerBuf = Buffer.from(JSON.stringify(header));
  // preamble: magic, header length (8 hex digits), header, padded to 8 bytes
  let pre = Buffer.concat([Buffer.from(MAGIC), Buffer.from(headerBuf.length.toString(16).padStart(8, '0')), headerBuf]);
  pre = Buffer.concat([pre, Buffer.alloc((8 - (pre.length % 8)) % 8, 0x20)]);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, pre);
    let pos = 0;
    for (let i = 0; i < bodies.length; i++) {
      const s = sections[i] as Section;
      if (s.offset > pos) fs.writeSync(fd, Buffer.alloc(s.offset - pos));
      const d = (bodies[i] as { data: Buffer | Typed }).data;
      const view = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
      for (let w = 0; w < view.length; ) w += fs.writeSync(fd, view, w, Math.min(view.length - w, 1 << 26));
      pos = s.offset + s.bytes;
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  return pre.length + off;
}

/** Loads a snapshot; null when missing, of another format, or damaged. */
export function readSnapshot(file: string): { index: SearchIndex; seq: number } | null {
  if (!fs.existsSync(file)) return null;
  const buf = fs.readFileSync(file);
  if (buf.subarray(0, MAGIC.length).toString() !== MAGIC) return null;
  const hlen = Number.parseInt(buf.subarray(MAGIC.length, MAGIC.length + 8).toString(), 16);
  const hstart = MAGIC.length + 8;
  if (!(hlen > 0) || hstart + hlen > buf.length) return null;
  let header: Header;
  try {
    header = JSON.parse(buf.subarray(hstart, hstart + hlen).toString()) as Header;
  } catch {
    return null;
  }
  if (header.format !== SNAPSHOT_FORMAT) return null;
  const base = Math.ceil((hstart + hlen) / 8) * 8;
  const ix = new SearchIndex();
  const target = ix as unknown as Record<string, unknown>;
  for (const s of header.sections) {
    const start = base + s.offset;
    if (start + s.bytes > buf.length) return null;
    const slice = buf.subarray(start, start + s.bytes);
    if (s.kind === 'json') {
      try {
        target[s.name] = JSON.parse(slice.toString());
      } catch {
        return null;
      }
      continue;
    }
    const aligned = (buf.byteOffset + start) % 8 === 0;
    const ab = aligned ? buf.buffer : slice.buffer.slice(slice.byteOffset, slice.byteOffset + slice.byteLength);
    const at = aligned ? buf.byteOffset + start : 0;
    const C = { u8: Uint8Array, u32: Uint32Array, f32: Float32Array, f64: Float64Array }[s.kind as 'u8'];
    const per = (C as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    // a view on the file buffer (sections never overlap; columns that grow are copied by grow())
    target[s.name] = new (C as unknown as new (b: ArrayBufferLike, o: number, l: number) => Typed)(ab, at, s.bytes / per);
  }
  ix.size = header.size;
  ix.liveCount = header.liveCount;
  ix.avgLen.set(header.avgLen);
  ix.fieldLenSum.set(header.fieldLenSum);
  ix.sortedTerms = ix.terms;
  for (let i = 0; i < ix.terms.length; i++) ix.termIds.set(ix.terms[i] as string, i);
  for (let d = 0; d < ix.size; d++) if (ix.live[d]) ix.docOfApp.set(ix.appIds[d] as string, d);
  return { index: ix, seq: header.seq };
}
