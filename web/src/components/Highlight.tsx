import { Fragment } from 'react';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text with every word of the query marked (case-insensitive, word prefixes). */
export function Highlight({ text, query }: { text: string; query: string }) {
  const terms = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .map(escapeRegExp);
  if (terms.length === 0) return <>{text}</>;
  const re = new RegExp(`(${terms.sort((a, b) => b.length - a.length).join('|')})`, 'giu');
  const parts = text.split(re);
  return (
    <>
      {parts.map((p, i) =>
        // Odd indexes are the captured matches.
        // biome-ignore lint/suspicious/noArrayIndexKey: parts of one string, stable for a render
        i % 2 === 1 ? <mark key={i}>{p}</mark> : <Fragment key={i}>{p}</Fragment>,
      )}
    </>
  );
}
