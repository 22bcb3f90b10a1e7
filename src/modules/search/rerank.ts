/** The final order of a query's top text matches: text relevance blended with quality and name evidence. */
import { normalizeQueryText, type QueryTerm } from './analyzer.js';
import type { RankWeights, SearchHit, SearchIndex } from './engine.js';
import { nameCoverage } from './ranking.js';

/** How many of the best text matches are re-ranked with quality and name evidence. */
export const RERANK_DEPTH = 100;

/**
 * Final order for the top candidates: normalised text relevance blended with quality, plus
 * name evidence (the whole query is the name, or the name starts with it) and a penalty for
 * documents that match only some of the query terms.
 */
export function rerank(
  ix: SearchIndex,
  cands: Array<{ score: number; doc: number; matched: number }>,
  terms: QueryTerm[],
  rawQuery: string,
  w: RankWeights,
): SearchHit[] {
  if (cands.length === 0) return [];
  const nTerms = terms.length;
  const top = (cands[0] as { score: number }).score || 1;
  const qn = normalizeQueryText(rawQuery);
  const qCompact = qn.replace(/ /g, '');
  const prefixLast = !/\s$/.test(rawQuery);
  const rescored = cands.slice(0, RERANK_DEPTH).map((c) => {
    const coord = nTerms > 1 ? c.matched / nTerms : 1;
    let text = (c.score / top) * (0.5 + 0.5 * coord * coord);
    const name = normalizeQueryText(ix.names[c.doc] as string);
    const nameCompact = name.replace(/ /g, '');
    if (name === qn || nameCompact === qCompact) text += 0.6;
    else if (qn.length >= 3 && (name.startsWith(qn) || nameCompact.startsWith(qCompact))) text += 0.35;
    const cover = nameCoverage(name, terms, prefixLast);
    text += 0.4 * cover * cover;
    // every word of the name is a query word (typos allowed): the name, misspelled
    if (cover === 1 && name.split(' ').length === terms.length) text += 0.2;
    const quality = ix.quality[c.doc] as number;
    const score = w.text * Math.min(1, text / 2) + (1 - w.text) * quality;
    return { doc: c.doc, score, text: c.score, quality };
  });
  rescored.sort((a, b) => b.score - a.score || a.doc - b.doc);
  const rest = cands.slice(RERANK_DEPTH).map((c) => ({ doc: c.doc, score: 0, text: c.score, quality: ix.quality[c.doc] as number }));
  // below the re-ranked block the text order stands; scores stay decreasing
  const floor = rescored.length > 0 ? (rescored[rescored.length - 1] as SearchHit).score : 0;
  const topText = rest.length > 0 ? (rest[0] as SearchHit).text || 1 : 1;
  for (const r of rest) r.score = floor * 0.999 * (r.text / topText);
  return [...rescored, ...rest];
}
