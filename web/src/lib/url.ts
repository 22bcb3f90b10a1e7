/** Helpers for list state kept in the URL (?page=, ?sort=, filters). */

export function pageFrom(params: URLSearchParams): number {
  const n = Number(params.get('page') ?? '1');
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** The current path with some query parameters replaced (empty values removed, page reset unless given). */
export function withParams(pathname: string, params: URLSearchParams, changes: Record<string, string | number | undefined>): string {
  const next = new URLSearchParams(params);
  if (!('page' in changes)) next.delete('page');
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '' || (k === 'page' && v === 1)) next.delete(k);
    else next.set(k, String(v));
  }
  const s = next.toString();
  return s ? `${pathname}?${s}` : pathname;
}
