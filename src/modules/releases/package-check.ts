/**
 * Safe validation of an uploaded build package (a ZIP container), read straight from the blob
 * store by byte ranges so nothing is unpacked to disk. yauzl refuses absolute and `..` paths;
 * on top of that this refuses symbolic links, encrypted or unknown-method entries, entries that
 * overlap (the "better zip bomb"), too many entries, and too much or too lopsided decompression.
 * Deflated entries are inflated and counted, so sizes that lie are caught too; stored entries
 * cannot expand (yauzl checks their two sizes agree). The manifest must match the declaration.
 */
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { BlobStore } from '../../platform/blobs.js';
import { AppError, registerErrors } from '../../platform/errors.js';

registerErrors({
  invalid_package: { status: 422, title: 'The build package is not a valid, safe ZIP archive' },
  manifest_mismatch: { status: 422, title: 'The package manifest does not match the declared build' },
});

export const MANIFEST_NAME = 'orchard-manifest.json';

export interface PackagePolicy {
  maxEntries: number;
  /** Bytes after decompression, all entries together. */
  maxUncompressedBytes: number;
  /** Largest uncompressed:compressed ratio for an entry bigger than 1 MiB. */
  maxRatio: number;
  manifestMaxBytes: number;
}

export const defaultPolicy = (maxBytes: number): PackagePolicy => ({
  maxEntries: 100_000,
  maxUncompressedBytes: Math.max(64 * 2 ** 20, 4 * maxBytes),
  maxRatio: 200,
  manifestMaxBytes: 64 * 1024,
});

export interface PackageManifest {
  bundleId: string;
  version: string;
  buildNumber?: number;
  [k: string]: unknown;
}

export interface PackageReport {
  entries: number;
  uncompressedBytes: number;
  manifest: PackageManifest;
}

class BlobRangeReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly blobs: BlobStore,
    private readonly sha256: string,
  ) {
    super();
  }
  override _readStreamForRange(start: number, end: number): Readable {
    // yauzl's end is exclusive, the blob store's inclusive
    return end <= start ? Readable.from([]) : this.blobs.read(this.sha256, { start, end: end - 1 });
  }
}

const invalid = (reason: string) => new AppError('invalid_package', reason, { reason });
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Validates the package at `sha256` (of `size` bytes) against the declared bundle id and version. */
export async function checkPackage(
  blobs: BlobStore,
  blob: { sha256: string; size: number },
  declared: { bundleId: string; version: string; buildNumber: number },
  policy: PackagePolicy,
): Promise<PackageReport> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(new BlobRangeReader(blobs, blob.sha256), blob.size, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
      strictFileNames: true,
    });
  } catch (err) {
    throw invalid(`not a ZIP archive (${(err as Error).message})`);
  }
  try {
    const entries: yauzl.Entry[] = [];
    let declaredTotal = 0;
    try {
      for await (const e of zip.eachEntry()) {
        if (entries.length >= policy.maxEntries) throw invalid(`more than ${policy.maxEntries} entries`);
        checkEntry(e, policy);
        declaredTotal += e.uncompressedSize;
        if (declaredTotal > policy.maxUncompressedBytes)
          throw invalid(`decompresses to more than ${policy.maxUncompressedBytes} bytes (zip bomb?)`);
        entries.push(e);
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      // yauzl's own refusals: "absolute path: /x", "invalid relative path: ../x", bad structure
      throw invalid((err as Error).message);
    }
    checkOverlaps(entries);
    const inflated = await inflateAll(zip, entries, policy);
    const manifestEntry = entries.find((e) => e.fileName === MANIFEST_NAME);
    if (!manifestEntry) throw invalid(`${MANIFEST_NAME} is missing at the archive root`);
    const manifest = await readManifest(zip, manifestEntry, policy);
    const mismatch = compareManifest(manifest, declared);
    if (mismatch) throw new AppError('manifest_mismatch', mismatch, { reason: mismatch });
    return { entries: entries.length, uncompressedBytes: inflated, manifest };
  } finally {
    zip.close();
  }
}

function checkEntry(e: yauzl.Entry, policy: PackagePolicy) {
  const madeByUnix = e.versionMadeBy >> 8 === 3;
  if (madeByUnix && ((e.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) throw invalid(`symbolic link: ${e.fileName}`);
  if (e.isEncrypted()) throw invalid(`encrypted entry: ${e.fileName}`);
  if (!e.canDecodeFileData()) throw invalid(`unsupported compression method ${e.compressionMethod}: ${e.fileName}`);
  if (e.uncompressedSize > 2 ** 20 && e.uncompressedSize / Math.max(1, e.compressedSize) > policy.maxRatio)
    throw invalid(`compression ratio of ${e.fileName} is above ${policy.maxRatio}:1 (zip bomb?)`);
}

/** Two entries sharing compressed bytes is how overlapping-file zip bombs reach huge ratios. */
function checkOverlaps(entries: yauzl.Entry[]) {
  const spans = entries
    .map((e) => ({ start: e.relativeOffsetOfLocalHeader, end: e.relativeOffsetOfLocalHeader + 30 + e.fileNameLength + e.compressedSize }))
    .sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    if ((spans[i] as { start: number }).start < (spans[i - 1] as { end: number }).end) throw invalid('entries overlap (zip bomb?)');
  }
}

/** Inflates every deflated entry, counting real bytes against the limit (declared sizes can lie). */
async function inflateAll(zip: yauzl.ZipFile, entries: yauzl.Entry[], policy: PackagePolicy): Promise<number> {
  let total = 0;
  for (const e of entries) {
    if (e.compressionMethod === 0) {
      total += e.uncompressedSize;
      continue;
    }
    try {
      const stream = await zip.openReadStreamPromise(e);
      for await (const chunk of stream) {
        total += (chunk as Buffer).length;
        if (total > policy.maxUncompressedBytes) {
          stream.destroy();
          throw invalid(`decompresses to more than ${policy.maxUncompressedBytes} bytes (zip bomb?)`);
        }
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw invalid(`${e.fileName}: ${(err as Error).message}`);
    }
  }
  return total;
}

async function readManifest(zip: yauzl.ZipFile, e: yauzl.Entry, policy: PackagePolicy): Promise<PackageManifest> {
  if (e.uncompressedSize > policy.manifestMaxBytes) throw invalid(`${MANIFEST_NAME} is larger than ${policy.manifestMaxBytes} bytes`);
  const chunks: Buffer[] = [];
  for await (const c of await zip.openReadStreamPromise(e)) chunks.push(c as Buffer);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw invalid(`${MANIFEST_NAME} is not valid JSON`);
  }
  const m = json as Partial<PackageManifest> | null;
  if (!m || typeof m !== 'object' || typeof m.bundleId !== 'string' || typeof m.version !== 'string')
    throw invalid(`${MANIFEST_NAME} must be an object with string bundleId and version`);
  return m as PackageManifest;
}

function compareManifest(m: PackageManifest, d: { bundleId: string; version: string; buildNumber: number }): string | null {
  if (m.bundleId !== d.bundleId) return `manifest bundleId "${m.bundleId}" is not the app's "${d.bundleId}"`;
  if (m.version !== d.version) return `manifest version "${m.version}" is not the declared "${d.version}"`;
  if (m.buildNumber !== undefined && m.buildNumber !== d.buildNumber)
    return `manifest buildNumber ${String(m.buildNumber)} is not the declared ${d.buildNumber}`;
  return null;
}
