/**
 * The header search: a WAI-ARIA combobox with live suggestions. Arrow keys move through the
 * list, Enter opens the highlighted suggestion (an app page, or a search for its text) or
 * searches for what was typed, Escape closes the list and then clears the box.
 */
import { useQuery } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { storeApi } from '../api/store';
import type { Suggestion } from '../api/types';
import { useDebounced } from '../lib/useDebounced';
import { useOnNavigate } from '../lib/useOnNavigate';
import { Highlight } from './Highlight';

export function SearchBox() {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const listId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const query = useDebounced(text.trim(), 150);

  // On the results page the box shows the current query.
  const urlQ = location.pathname === '/search' ? (params.get('q') ?? '') : '';
  useEffect(() => {
    if (urlQ) setText(urlQ);
  }, [urlQ]);
  useOnNavigate(
    () => {
      setOpen(false);
      setActive(-1);
    },
    { includeSearch: true },
  );

  const { data } = useQuery({
    queryKey: ['suggest', query],
    queryFn: ({ signal }) => storeApi.suggest(query, signal),
    enabled: query.length >= 1,
    staleTime: 60_000,
    retry: false,
  });
  const suggestions: Suggestion[] = query.length >= 1 && text.trim() ? (data ?? []).slice(0, 8) : [];
  const expanded = open && suggestions.length > 0;
  const optionId = (i: number) => `${listId}-opt-${i}`;

  const go = (s: Suggestion | undefined) => {
    const q = (s?.text ?? text).trim();
    setOpen(false);
    setActive(-1);
    if (s?.bundleId) {
      navigate(`/apps/${encodeURIComponent(s.bundleId)}`);
      setText('');
    } else if (q) {
      setText(q);
      navigate(`/search?q=${encodeURIComponent(q)}`);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      if (suggestions.length) setActive((a) => (a + 1) % suggestions.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (suggestions.length) setActive((a) => (a <= 0 ? suggestions.length - 1 : a - 1));
    } else if (e.key === 'Escape') {
      if (expanded) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      } else {
        setText('');
      }
    } else if (e.key === 'Enter' && expanded && active >= 0) {
      e.preventDefault();
      go(suggestions[active]);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    go(undefined);
  };

  return (
    <search className="searchbox">
      <form onSubmit={onSubmit}>
        <Search className="searchbox__icon" size={18} aria-hidden="true" />
        <input
          type="search"
          className="searchbox__input"
          placeholder="Search apps, games, developers"
          aria-label="Search the store"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          autoComplete="off"
          spellCheck={false}
          enterKeyHint="search"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        <div id={listId} role="listbox" aria-label="Suggestions" className="searchbox__list" hidden={!expanded}>
          {suggestions.map((s, i) => (
            <div
              key={`${s.text}-${s.bundleId ?? ''}`}
              id={optionId(i)}
              role="option"
              // Focus stays in the input (aria-activedescendant); options are reachable, not tabbable.
              tabIndex={-1}
              aria-selected={i === active}
              className="searchbox__option"
              // mousedown, not click: the input's blur would close the list first.
              onMouseDown={(e) => {
                e.preventDefault();
                go(s);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <Search size={14} aria-hidden="true" />
              <span>
                <Highlight text={s.text} query={query} />
              </span>
              {s.bundleId && <span className="searchbox__kind">App</span>}
            </div>
          ))}
        </div>
      </form>
    </search>
  );
}
