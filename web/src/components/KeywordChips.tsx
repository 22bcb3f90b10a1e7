import { X } from 'lucide-react';
import { type KeyboardEvent, useId, useState } from 'react';

interface Props {
  label: string;
  value: string[];
  onChange: (next: string[]) => void;
  max?: number;
  maxLength?: number;
  hint?: string;
}

/** Keywords as removable chips; Enter or comma adds the typed word, Backspace on empty removes the last. */
export function KeywordChips({ label, value, onChange, max = 30, maxLength = 40, hint }: Props) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const add = (raw: string) => {
    const words = raw
      .split(',')
      .map((w) => w.trim().toLowerCase())
      .filter((w) => w && w.length <= maxLength);
    const next = [...value];
    for (const w of words) if (!next.includes(w) && next.length < max) next.push(w);
    if (next.length !== value.length) onChange(next);
    setDraft('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add(draft);
    } else if (e.key === 'Backspace' && draft === '' && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  };
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="chips-input">
        <ul className="chips" aria-label={`${label} added`}>
          {value.map((k) => (
            <li key={k} className="chip">
              {k}
              <button
                type="button"
                className="chip__remove"
                aria-label={`Remove ${k}`}
                onClick={() => onChange(value.filter((v) => v !== k))}
              >
                <X size={14} aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
        <input
          id={id}
          className="chips-input__field"
          value={draft}
          maxLength={maxLength}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => draft && add(draft)}
          placeholder={value.length < max ? 'Type and press Enter' : `Up to ${max} keywords`}
          disabled={value.length >= max}
          aria-describedby={`${id}-hint`}
        />
      </div>
      <p className="field__hint" id={`${id}-hint`}>
        {hint ?? `Words people search for. ${value.length}/${max}.`}
      </p>
    </div>
  );
}
