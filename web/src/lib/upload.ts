/**
 * Sends a build package to an upload session in chunks (PATCH at Upload-Offset), reporting
 * progress as bytes go out. A chunk that fails on the network is retried from the offset the
 * server reports, so a flaky connection resumes instead of starting over. The server refuses
 * bad packages (not a ZIP, unsafe entries, manifest mismatch) when the last chunk arrives.
 */
import { ApiError, apiUrl } from '../api/client';
import { releasesApi, type Upload, type UploadMeta } from '../api/releases';

export const CHUNK_BYTES = 8 * 1024 * 1024;
const RETRIES = 3;

export interface UploadProgress {
  sent: number;
  total: number;
}

function problem(status: number, text: string): ApiError {
  let p: { code?: string; detail?: string; title?: string } = {};
  try {
    p = JSON.parse(text);
  } catch {
    // not JSON: fall back to the status
  }
  return new ApiError(status, p.code ?? (status === 0 ? 'network_error' : `http_${status}`), p.detail, [], p.title);
}

function sendChunk(uploadId: string, offset: number, chunk: Blob, onBytes: (n: number) => void, signal?: AbortSignal): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PATCH', apiUrl(`/build-uploads/${encodeURIComponent(uploadId)}`));
    xhr.setRequestHeader('content-type', 'application/offset+octet-stream');
    xhr.setRequestHeader('upload-offset', String(offset));
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => onBytes(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve((JSON.parse(xhr.responseText) as { upload: Upload }).upload);
      else reject(problem(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(problem(0, ''));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(chunk);
  });
}

/** Uploads `file` into the session `upload`; resolves with the finished upload (and its build). */
export async function sendPackage(
  upload: Upload,
  file: Blob,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<Upload> {
  let current = upload;
  let failures = 0;
  while (current.status === 'open' && current.offset < file.size) {
    const offset = current.offset;
    const chunk = file.slice(offset, Math.min(file.size, offset + CHUNK_BYTES));
    try {
      current = await sendChunk(current.id, offset, chunk, (n) => onProgress({ sent: offset + n, total: file.size }), signal);
      failures = 0;
    } catch (err) {
      // Network blips and offset races are resumable; a refused package is not.
      const resumable = err instanceof ApiError && (err.status === 0 || err.status >= 500 || err.code === 'upload_offset_mismatch');
      if (!resumable || ++failures > RETRIES || signal?.aborted) throw err;
      current = await releasesApi.upload(current.id);
    }
    onProgress({ sent: current.offset, total: file.size });
  }
  if (current.status === 'failed') throw new ApiError(422, 'invalid_package', current.error ?? undefined);
  return current;
}

const STORAGE_PREFIX = 'orchard.upload:';

const uploadKey = (bundleId: string, fileName: string, meta: UploadMeta) =>
  `${STORAGE_PREFIX}${bundleId}:${fileName}:${JSON.stringify(meta)}`;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * The upload session for this file and metadata: the one an interrupted earlier attempt (even
 * before a page reload) left open, so it resumes at the server's offset, or a new one.
 */
export async function openUpload(bundleId: string, meta: UploadMeta, fileName: string): Promise<{ upload: Upload; resumed: boolean }> {
  const key = uploadKey(bundleId, fileName, meta);
  const earlier = storage()?.getItem(key);
  if (earlier) {
    try {
      const upload = await releasesApi.upload(earlier);
      if (upload.status === 'open' && upload.sizeBytes === meta.sizeBytes) return { upload, resumed: upload.offset > 0 };
    } catch {
      // gone or expired: start over
    }
    storage()?.removeItem(key);
  }
  const upload = await releasesApi.createUpload(bundleId, meta);
  storage()?.setItem(key, upload.id);
  return { upload, resumed: false };
}

/** Forgets the remembered session once the upload finished, was refused or was cancelled. */
export function forgetUpload(bundleId: string, meta: UploadMeta, fileName: string) {
  storage()?.removeItem(uploadKey(bundleId, fileName, meta));
}
