/**
 * Resumable, verified package downloads. Bytes go to `<dest>.part`; after an interruption (even
 * a kill) the next run re-hashes what is there and asks only for the rest (Range + If-Range, so
 * a changed file restarts instead of mixing). The file is moved into place only once its size
 * and sha256 match what the store signed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describeNetworkError, problemError } from './api.mjs';
import { ClientError } from './errors.mjs';

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Caps throughput at `bytesPerSecond` (for slow links, and tests that interrupt a download). */
function throttle(bytesPerSecond) {
  const t0 = Date.now();
  let sent = 0;
  return new Transform({
    transform(chunk, _enc, cb) {
      sent += chunk.length;
      const due = t0 + (sent / bytesPerSecond) * 1000;
      const wait = due - Date.now();
      if (wait > 0) setTimeout(() => cb(null, chunk), wait);
      else cb(null, chunk);
    },
  });
}

async function fetchFrom(url, have, sha256) {
  try {
    return await fetch(url, { headers: have > 0 ? { range: `bytes=${have}-`, 'if-range': `"${sha256}"` } : {} });
  } catch (err) {
    throw new ClientError(describeNetworkError(err, new URL(url).origin));
  }
}

/**
 * Downloads `url` to `dest`, resuming a previous partial download of the same sha256.
 * `renewUrl` is asked for a fresh signed URL when the old one expired.
 * Returns `{ resumedFrom, bytes }`.
 */
export async function downloadPackage({ url, dest, sha256, sizeBytes, limitRate, renewUrl, onStart, onProgress }) {
  const part = `${dest}.part`;
  const meta = `${part}.json`;
  let have = 0;
  if (fs.existsSync(part) && readJson(meta)?.sha256 === sha256) have = fs.statSync(part).size;
  if (have > sizeBytes) have = 0;
  if (have === 0) {
    fs.rmSync(part, { force: true });
    fs.writeFileSync(meta, JSON.stringify({ sha256, sizeBytes }));
  }
  const hash = crypto.createHash('sha256');
  if (have > 0) for await (const chunk of fs.createReadStream(part, { end: have - 1 })) hash.update(chunk);

  let res = have === sizeBytes ? null : await fetchFrom(url, have, sha256);
  if (res?.status === 403 && renewUrl) {
    await res.body?.cancel();
    res = await fetchFrom(await renewUrl(), have, sha256);
  }
  if (res && res.status === 200 && have > 0) {
    // the server sent the whole file (the stored one changed): start over
    have = 0;
    hash.destroy?.();
    return downloadPackage({ url, dest, sha256, sizeBytes, limitRate, renewUrl, onStart, onProgress });
  }
  if (res && res.status !== 200 && res.status !== 206) {
    let body;
    try {
      body = await res.json();
    } catch {}
    throw problemError(res.status, body, 'download');
  }
  if (res?.status === 206 && !String(res.headers.get('content-range')).startsWith(`bytes ${have}-`))
    throw new ClientError('The server resumed the download at the wrong offset; delete the partial file and retry.');
  const announced = res?.headers.get('x-content-sha256');
  if (announced && announced !== sha256) throw new ClientError('The server is sending a different file than it offered; refusing it.');

  const resumedFrom = have;
  onStart?.(have, sizeBytes);
  if (res) {
    let done = have;
    const tap = new Transform({
      transform(chunk, _enc, cb) {
        hash.update(chunk);
        done += chunk.length;
        onProgress?.(done);
        cb(null, chunk);
      },
    });
    const steps = [
      Readable.fromWeb(res.body),
      ...(limitRate ? [throttle(limitRate)] : []),
      tap,
      fs.createWriteStream(part, { flags: have > 0 ? 'a' : 'w' }),
    ];
    try {
      await pipeline(steps);
    } catch (err) {
      throw new ClientError(`The download was interrupted (${err.message}); run the same command again to resume.`);
    }
  }
  const size = fs.statSync(part).size;
  const digest = hash.digest('hex');
  if (size !== sizeBytes || digest !== sha256) {
    fs.rmSync(part, { force: true });
    fs.rmSync(meta, { force: true });
    throw new ClientError(
      `The downloaded file does not match its checksum (got ${size} bytes, sha256 ${digest.slice(0, 12)}…); it was discarded, try again.`,
    );
  }
  const fd = fs.openSync(part, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(part, dest);
  fs.rmSync(meta, { force: true });
  return { resumedFrom, bytes: size };
}
