import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router-dom';

/** Calls `fn` after each client-side navigation to another path (not on the first render). */
export function useOnNavigate(fn: () => void, opts: { includeSearch?: boolean } = {}) {
  const location = useLocation();
  const key = opts.includeSearch ? location.pathname + location.search : location.pathname;
  const last = useRef(key);
  const callback = useRef(fn);
  callback.current = fn;
  useEffect(() => {
    if (last.current === key) return;
    last.current = key;
    callback.current();
  }, [key]);
}
