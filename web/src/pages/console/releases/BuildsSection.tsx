/**
 * Build upload (chunked, with a progress bar and resume on network errors) and the list of
 * the app's builds. A package the server refuses (not a ZIP, unsafe entries, manifest that does
 * not match) is listed under "Refused uploads" with the server's reason.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FileArchive, Upload as UploadIcon } from 'lucide-react';
import { type ChangeEvent, type FormEvent, useId, useRef, useState } from 'react';
import { isApiError } from '../../../api/client';
import { type Build, PLATFORMS, type Platform, releasesApi, type UploadMeta } from '../../../api/releases';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { TextArea, TextField } from '../../../components/Fields';
import { KeywordChips } from '../../../components/KeywordChips';
import { useToast } from '../../../components/Toast';
import { formatBytes, formatDate } from '../../../lib/format';
import { problemMessage } from '../../../lib/problems';
import { forgetUpload, openUpload, sendPackage, type UploadProgress } from '../../../lib/upload';
import { type Errors, hasErrors } from '../../../lib/validation';
import { buildsKey, SEMVER_RE } from './release-cache';

const platformLabels: Record<Platform, string> = { phone: 'Phone', tablet: 'Tablet', desktop: 'Desktop', tv: 'TV' };

const OS_RE = /^\d{1,5}(\.\d{1,5}){0,3}$/;

interface Form {
  version: string;
  buildNumber: string;
  platforms: Platform[];
  minOs: Partial<Record<Platform, string>>;
  permissions: string[];
  releaseNotes: string;
}
type Field = keyof Form | 'file';

const minOsOf = (f: Form) =>
  Object.fromEntries(f.platforms.map((p) => [p, f.minOs[p]?.trim()]).filter(([, v]) => v)) as Partial<Record<Platform, string>>;

function check(f: Form, file: File | null): Errors<Field> {
  const n = Number(f.buildNumber);
  return {
    file: file ? undefined : 'Choose the build’s .zip package.',
    version: SEMVER_RE.test(f.version.trim()) ? undefined : 'Use a semantic version like 1.2.0.',
    buildNumber: Number.isInteger(n) && n >= 1 && n <= 2_000_000_000 ? undefined : 'Use a whole number of 1 or more.',
    platforms: f.platforms.length ? undefined : 'Choose at least one platform.',
    minOs: Object.values(minOsOf(f)).every((v) => OS_RE.test(v ?? '')) ? undefined : 'Use a dotted OS version like 14.2.',
    releaseNotes: f.releaseNotes.length > 4000 ? 'Use at most 4,000 characters.' : undefined,
  };
}

interface Refused {
  name: string;
  at: string;
  reason: string;
}

export function BuildsSection({ bundleId }: { bundleId: string }) {
  const qc = useQueryClient();
  const toast = useToast();
  const builds = useQuery({ queryKey: buildsKey(bundleId), queryFn: () => releasesApi.builds(bundleId) });
  const nextNumber = String((builds.data?.[0]?.buildNumber ?? 0) + 1);
  const [form, setForm] = useState<Form>({
    version: '',
    buildNumber: '',
    platforms: ['phone'],
    minOs: {},
    permissions: [],
    releaseNotes: '',
  });
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Errors<Field>>({});
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [refused, setRefused] = useState<Refused[]>([]);
  const abort = useRef<AbortController | null>(null);
  const fileId = useId();
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const effective = { ...form, buildNumber: form.buildNumber || nextNumber };
  const busy = progress !== null;

  const onFile = (e: ChangeEvent<HTMLInputElement>) => setFile(e.target.files?.[0] ?? null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const errs = check(effective, file);
    setErrors(errs);
    if (hasErrors(errs) || !file) return;
    setError(null);
    setProgress({ sent: 0, total: file.size });
    abort.current = new AbortController();
    let uploadId: string | undefined;
    const meta: UploadMeta = {
      version: effective.version.trim(),
      buildNumber: Number(effective.buildNumber),
      platforms: effective.platforms,
      minOs: minOsOf(effective),
      permissions: effective.permissions,
      releaseNotes: effective.releaseNotes,
      sizeBytes: file.size,
    };
    try {
      const { upload, resumed } = await openUpload(bundleId, meta, file.name);
      uploadId = upload.id;
      if (resumed) toast(`Resuming your earlier upload of ${file.name} at ${formatBytes(upload.offset)}.`, 'info');
      const done = await sendPackage(upload, file, setProgress, abort.current.signal);
      forgetUpload(bundleId, meta, file.name);
      await qc.invalidateQueries({ queryKey: buildsKey(bundleId) });
      toast(`Build ${done.build?.version} (${done.build?.buildNumber}) uploaded and verified.`);
      setFile(null);
      setForm((f) => ({ ...f, buildNumber: '', releaseNotes: '' }));
    } catch (err) {
      if ((err as Error).name === 'AbortError') {
        forgetUpload(bundleId, meta, file.name);
        if (uploadId) void releasesApi.abortUpload(uploadId).catch(() => {});
        toast('Upload cancelled.', 'info');
      } else if (isApiError(err) && err.status === 422) {
        forgetUpload(bundleId, meta, file.name);
        setRefused((r) => [{ name: file.name, at: new Date().toISOString(), reason: problemMessage(err) }, ...r]);
        setError(err);
      } else {
        setError(err);
      }
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };

  const pct = progress?.total ? Math.floor((progress.sent / progress.total) * 100) : 0;
  return (
    <section className="card panel" aria-labelledby="builds-title">
      <h2 id="builds-title">Builds</h2>
      <p className="muted">
        Upload the app’s .zip package. It must contain <code>orchard-manifest.json</code> with the same bundle ID and version. Build numbers
        only go up.
      </p>
      <form onSubmit={onSubmit} noValidate className="form upload-form">
        <div className={`field${errors.file ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor={fileId}>
            Package file
          </label>
          <input
            id={fileId}
            type="file"
            accept=".zip,application/zip"
            className="input"
            onChange={onFile}
            disabled={busy}
            aria-invalid={errors.file ? true : undefined}
          />
          {file && (
            <p className="field__hint">
              <FileArchive size={14} aria-hidden="true" /> {file.name}, {formatBytes(file.size)}
            </p>
          )}
          {errors.file && <p className="field__error">{errors.file}</p>}
        </div>
        <div className="form__row">
          <TextField
            label="Version"
            placeholder="1.0.0"
            value={form.version}
            onChange={(e) => set('version', e.target.value)}
            error={errors.version}
            disabled={busy}
          />
          <TextField
            label="Build number"
            inputMode="numeric"
            placeholder={nextNumber}
            value={form.buildNumber}
            onChange={(e) => set('buildNumber', e.target.value)}
            error={errors.buildNumber}
            hint={form.buildNumber ? undefined : `Leave blank for ${nextNumber}.`}
            disabled={busy}
          />
        </div>
        <fieldset className="field">
          <legend className="field__label">Platforms</legend>
          <div className="checkbox-grid">
            {PLATFORMS.map((p) => (
              <label key={p} className="checkbox">
                <input
                  type="checkbox"
                  checked={form.platforms.includes(p)}
                  disabled={busy}
                  onChange={(e) => set('platforms', e.target.checked ? [...form.platforms, p] : form.platforms.filter((x) => x !== p))}
                />
                {platformLabels[p]}
              </label>
            ))}
          </div>
          {errors.platforms && <p className="field__error">{errors.platforms}</p>}
        </fieldset>
        {form.platforms.length > 0 && (
          <fieldset className="field">
            <legend className="field__label">Minimum OS (optional)</legend>
            <div className="min-os">
              {PLATFORMS.filter((p) => form.platforms.includes(p)).map((p) => (
                <TextField
                  key={p}
                  label={`${platformLabels[p]} OS`}
                  placeholder="any"
                  inputMode="decimal"
                  maxLength={24}
                  value={form.minOs[p] ?? ''}
                  onChange={(e) => set('minOs', { ...form.minOs, [p]: e.target.value })}
                  disabled={busy}
                />
              ))}
            </div>
            {errors.minOs && <p className="field__error">{errors.minOs}</p>}
          </fieldset>
        )}
        <KeywordChips
          label="Permissions"
          value={form.permissions}
          onChange={(v) => set('permissions', v)}
          max={100}
          maxLength={100}
          hint="What the build asks for, e.g. camera, location. New ones are flagged for the reviewer."
        />
        <TextArea
          label="Build release notes"
          rows={3}
          value={form.releaseNotes}
          onChange={(e) => set('releaseNotes', e.target.value)}
          error={errors.releaseNotes}
          disabled={busy}
        />
        {progress && (
          <div className="upload-progress">
            <progress max={100} value={pct} aria-label="Upload progress" />
            <span className="small muted" aria-live="polite">
              {pct}% · {formatBytes(progress.sent)} of {formatBytes(progress.total)}
            </span>
          </div>
        )}
        <ErrorNotice error={error} />
        <div className="form__actions">
          {busy && (
            <button type="button" className="btn btn--ghost" onClick={() => abort.current?.abort()}>
              Cancel upload
            </button>
          )}
          <button type="submit" className="btn btn--primary" disabled={busy}>
            <UploadIcon size={16} aria-hidden="true" /> {busy ? 'Uploading…' : 'Upload build'}
          </button>
        </div>
      </form>

      {refused.length > 0 && (
        <>
          <h3 className="panel__subtitle">Refused uploads</h3>
          <ul className="build-list">
            {refused.map((r) => (
              <li key={r.at + r.name} className="build-row build-row--refused">
                <span className="badge badge--removed">Refused</span>
                <span className="strong">{r.name}</span>
                <span className="build-row__reason">{r.reason}</span>
              </li>
            ))}
          </ul>
        </>
      )}

      <h3 className="panel__subtitle">Uploaded builds</h3>
      <ErrorNotice error={builds.error} onRetry={() => builds.refetch()} />
      {builds.data && builds.data.length === 0 && <p className="muted">No builds yet.</p>}
      {builds.data && builds.data.length > 0 && <BuildTable builds={builds.data} />}
    </section>
  );
}

function BuildTable({ builds }: { builds: Build[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="sr-only">Builds, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Build</th>
            <th scope="col">Version</th>
            <th scope="col">Status</th>
            <th scope="col">Platforms</th>
            <th scope="col">Permissions</th>
            <th scope="col">Size</th>
            <th scope="col">SHA-256</th>
            <th scope="col">Uploaded</th>
          </tr>
        </thead>
        <tbody>
          {builds.map((b) => (
            <tr key={b.id}>
              <td className="num">{b.buildNumber}</td>
              <td>{b.version}</td>
              <td>
                <span className="badge badge--live" title="ZIP structure, size and manifest checked; metadata signed">
                  Verified
                </span>
              </td>
              <td>
                {b.platforms
                  .map((p) => {
                    const min = b.minOs[p as Platform];
                    return `${platformLabels[p as Platform] ?? p}${min ? ` ${min}+` : ''}`;
                  })
                  .join(', ')}
              </td>
              <td>{b.permissions.length ? b.permissions.join(', ') : <span className="muted">none</span>}</td>
              <td className="num">{formatBytes(b.sizeBytes)}</td>
              <td>
                <code title={b.sha256}>{b.sha256.slice(0, 12)}…</code>
              </td>
              <td>{formatDate(b.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
