/**
 * Binary snapshot of the index: a magic line, a JSON header (format, outbox position, scalars,
 * and the byte range of every section), then the typed arrays (8-byte aligned, so loading maps
 * them with one read each) and the string columns as JSON. Written to a temp file and renamed, so
 * a crash mid-write leaves the previous snapshot intact.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SearchIndex } from './engine.js';
import { BLOCK_SHIFT, blockMaxOf } from './postings.js';

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
  'baseBlockMax',
  'maxTf',
  'nameDocs',
  'catStart',
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
  /** Docs below this id are in category order (absent in older snapshots: none). */
  sortedUpTo?: number;
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
        : name === 'baseOffsets' ||
            name === 'baseDocs' ||
            name === 'baseTfs' ||
            name === 'baseBlockMax' ||
            name === 'maxTf' ||
            name === 'nameDocs' ||
            name === 'catStart'
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
    sortedUpTo: ix.sortedUpTo,
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
  const fd = fs.openSync(file, 'r');
  try {
    return readSections(fd, fs.fstatSync(fd).size);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads each section straight into its own typed array (or a buffer parsed as JSON), so no
 * file-sized buffer stays alive behind the index.
 */
function readSections(fd: number, size: number): { index: SearchIndex; seq: number } | null {
  const read = (bytes: Buffer | Typed, position: number) => {
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let done = 0; done < view.length; ) {
      const n = fs.readSync(fd, view, done, Math.min(view.length - done, 1 << 26), position + done);
      if (n <= 0) throw new Error('short read');
      done += n;
    }
  };
  const pre = Buffer.alloc(MAGIC.length + 8);
  if (size < pre.length) return null;
  read(pre, 0);
  if (pre.subarray(0, MAGIC.length).toString() !== MAGIC) return null;
  const hlen = Number.parseInt(pre.subarray(MAGIC.length).toString(), 16);
  const hstart = MAGIC.length + 8;
  if (!(hlen > 0) || hstart + hlen > size) return null;
  let header: Header;
  try {
    const hb = Buffer.alloc(hlen);
    read(hb, hstart);
    header = JSON.parse(hb.toString()) as Header;
  } catch {
    return null;
  }
  if (header.format !== SNAPSHOT_FORMAT) return null;
  const base = Math.ceil((hstart + hlen) / 8) * 8;
  const ix = new SearchIndex();
  const target = ix as unknown as Record<string, unknown>;
  for (const s of header.sections) {
    const start = base + s.offset;
    if (start + s.bytes > size) return null;
    if (s.kind === 'json') {
      try {
        const b = Buffer.alloc(s.bytes);
        read(b, start);
        target[s.name] = JSON.parse(b.toString());
      } catch {
        return null;
      }
      continue;
    }
    const C = { u8: Uint8Array, u32: Uint32Array, f32: Float32Array, f64: Float64Array }[s.kind];
    const arr = new C(s.bytes / C.BYTES_PER_ELEMENT);
    read(arr, start);
    target[s.name] = arr;
  }
  ix.size = header.size;
  ix.liveCount = header.liveCount;
  ix.sortedUpTo = header.sections.some((x) => x.name === 'catStart') ? (header.sortedUpTo ?? 0) : 0;
  ix.avgLen.set(header.avgLen);
  ix.fieldLenSum.set(header.fieldLenSum);
  ix.sortedTerms = ix.terms;
  // block maxima: stored since the category ranges came; derived for older snapshots
  if (ix.baseBlockMax.length !== Math.ceil(ix.baseTfs.length / (1 << BLOCK_SHIFT))) ix.baseBlockMax = blockMaxOf(ix.baseTfs);
  for (let d = 0; d < ix.size; d++) if (ix.live[d]) ix.docOfApp.set(ix.appIds[d] as string, d);
  return { index: ix, seq: header.seq };
}
