/**
 * Labelled form fields. Every input gets a visible label, a hint and an error wired up with
 * aria-describedby, and aria-invalid when the error is shown.
 */
import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from 'react';

interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string;
  /** Extra content after the control (a button, a counter). */
  after?: ReactNode;
}

function useFieldIds(error?: string, hint?: ReactNode) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return { id, hintId, errorId, aria: { 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined } };
}

function FieldShell({
  id,
  label,
  hint,
  hintId,
  error,
  errorId,
  after,
  children,
}: FieldProps & { id: string; hintId?: string; errorId?: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children}
      {after}
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField({ label, hint, error, after, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const ids = useFieldIds(error, hint);
  return (
    <FieldShell id={ids.id} label={label} hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} after={after}>
      <input className="input" id={ids.id} {...ids.aria} {...input} />
    </FieldShell>
  );
}

export function TextArea({ label, hint, error, after, ...input }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const ids = useFieldIds(error, hint);
  return (
    <FieldShell id={ids.id} label={label} hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} after={after}>
      <textarea className="input textarea" id={ids.id} {...ids.aria} {...input} />
    </FieldShell>
  );
}

export function SelectField({
  label,
  hint,
  error,
  after,
  options,
  ...input
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: Array<{ value: string; label: string }> }) {
  const ids = useFieldIds(error, hint);
  return (
    <FieldShell id={ids.id} label={label} hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} after={after}>
      <select className="input select" id={ids.id} {...ids.aria} {...input}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
