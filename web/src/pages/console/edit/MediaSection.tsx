/** Icon and screenshots: uploaded as raw image bodies, shown from the content-addressed media URLs. */
import { useMutation } from '@tanstack/react-query';
import { ImagePlus, Trash2 } from 'lucide-react';
import { type ChangeEvent, useId } from 'react';
import { consoleApi } from '../../../api/console';
import type { AppDetail } from '../../../api/types';
import { AppIcon } from '../../../components/AppIcon';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useToast } from '../../../components/Toast';
import { useAppUpdated } from '../console-cache';

const ACCEPT = 'image/png,image/jpeg,image/webp,image/svg+xml';
const MAX_SCREENSHOTS = 10;

function FilePicker({ label, onFile, disabled }: { label: string; onFile: (f: File) => void; disabled?: boolean }) {
  const id = useId();
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (f) onFile(f);
  };
  return (
    <span className="file-picker">
      <input id={id} type="file" accept={ACCEPT} onChange={onChange} disabled={disabled} className="file-picker__input" />
      <label htmlFor={id} className={`btn btn--ghost${disabled ? ' is-disabled' : ''}`}>
        <ImagePlus size={18} aria-hidden="true" /> {label}
      </label>
    </span>
  );
}

export function MediaSection({ app }: { app: AppDetail }) {
  const updated = useAppUpdated(app.bundleId);
  const toast = useToast();
  const icon = useMutation({
    mutationFn: (f: File) => consoleApi.setIcon(app.bundleId, f),
    onSuccess: (a) => {
      updated(a);
      toast('Icon updated.');
    },
  });
  const addShot = useMutation({
    mutationFn: (f: File) => consoleApi.addScreenshot(app.bundleId, f),
    onSuccess: (a) => {
      updated(a);
      toast('Screenshot added.');
    },
  });
  const removeShot = useMutation({
    mutationFn: (position: number) => consoleApi.removeScreenshot(app.bundleId, position),
    onSuccess: (a) => {
      updated(a);
      toast('Screenshot deleted.');
    },
  });
  const full = app.screenshots.length >= MAX_SCREENSHOTS;
  return (
    <section className="card panel" aria-labelledby="media-title">
      <h2 id="media-title">Icon and screenshots</h2>
      <div className="media-icon">
        <AppIcon name={app.name} bundleId={app.bundleId} iconUrl={app.iconUrl} size={96} alt={app.iconUrl ? `${app.name} icon` : ''} />
        <div>
          <p className="strong">App icon</p>
          <p className="muted small">A square PNG, JPEG, WebP or SVG, at least 512×512. Without one, shoppers see your initials.</p>
          <FilePicker
            label={icon.isPending ? 'Uploading…' : app.iconUrl ? 'Replace icon' : 'Upload icon'}
            onFile={(f) => icon.mutate(f)}
            disabled={icon.isPending}
          />
        </div>
      </div>
      <ErrorNotice error={icon.error} />
      <h3 className="panel__subtitle">
        Screenshots{' '}
        <span className="muted small">
          ({app.screenshots.length}/{MAX_SCREENSHOTS})
        </span>
      </h3>
      {app.screenshots.length > 0 ? (
        <ul className="shot-editor">
          {app.screenshots.map((s, i) => (
            <li key={s.sha256 + s.position}>
              <img src={s.url} alt={`Screenshot ${i + 1}`} />
              <button
                type="button"
                className="icon-btn icon-btn--overlay"
                aria-label={`Delete screenshot ${i + 1}`}
                onClick={() => removeShot.mutate(s.position)}
                disabled={removeShot.isPending}
              >
                <Trash2 size={16} aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No screenshots yet. Apps with screenshots get far more downloads.</p>
      )}
      <FilePicker
        label={addShot.isPending ? 'Uploading…' : 'Add screenshot'}
        onFile={(f) => addShot.mutate(f)}
        disabled={addShot.isPending || full}
      />
      <ErrorNotice error={addShot.error ?? removeShot.error} />
    </section>
  );
}
