/**
 * The rule-based half of review integrity (DESIGN.md reference formula): six signals in [0, 1]
 * (1 = trustworthy), weighted and summed. Pure functions of facts gathered by the scoring
 * service, so they are easy to test and to explain in a decision's reasons.
 */
import type { Signals } from './model/features.js';

export const SIGNAL_WEIGHTS: Signals = {
  velocity: 0.15,
  content: 0.25,
  accountAge: 0.1,
  verifiedPurchase: 0.2,
  coordination: 0.2,
  originality: 0.1,
};

export interface Facts {
  /** Reviews the author wrote or edited in the last 24 h, this one included. */
  authorReviews24h: number;
  accountAgeDays: number;
  /** Entitled through a purchase (not a free download or a grant). */
  purchased: boolean;
  /** The app's reviews in the last 24 h and its average per day over the 30 days before. */
  appReviews24h: number;
  appDailyAverage: number;
  /** Highest estimated similarity to another review of the app (0 when none). */
  maxSimilarity: number;
  title: string;
  body: string;
}

/** An app with little history still gets this many reviews a day before a spike counts. */
const MIN_DAILY_BASELINE = 2;

const GENERIC = [
  'best app ever',
  'great app',
  'good app',
  'nice app',
  'amazing app',
  'awesome app',
  'love it',
  'love this app',
  'must have',
  'must download',
  'download now',
  'highly recommend',
  '5 stars',
  'five stars',
  'worst app',
  'waste of time',
  'waste of money',
  'do not download',
  "don't download",
  'scam',
  'useless',
];
const SPECIFIC =
  /\b(feature|update|updated|version|bug|crash(es|ed)?|freez(e|es)|sync|battery|login|log in|sign in|screen|button|setting|settings|notification|widget|dark mode|offline|export|import|backup|subscription|ads?|price|load(s|ing)?|slow|fast|search|menu|tab|camera|photo|upload|download(s|ed)?|ipad|iphone|android|tablet|account|password|support|refund)\b/gi;

/** Content quality: length, generic phrases, concrete details, shouting, links. */
export function contentSignal(title: string, body: string): { score: number; reasons: string[] } {
  const text = `${title} ${body}`.trim();
  const lower = text.toLowerCase();
  const reasons: string[] = [];
  let score = 0.55;
  if (text.length === 0) {
    return { score: 0.5, reasons: ['content: rating only, no text'] };
  }
  if (text.length < 20) {
    score -= 0.25;
    reasons.push('content: very short');
  } else if (text.length < 60) score -= 0.1;
  else if (text.length > 200) score += 0.15;
  const generic = GENERIC.filter((g) => lower.includes(g)).length;
  if (generic > 0) {
    score -= Math.min(0.3, 0.15 * generic);
    reasons.push('content: generic phrasing');
  }
  const specific = new Set((text.match(SPECIFIC) ?? []).map((m) => m.toLowerCase())).size;
  if (specific > 0) score += Math.min(0.3, 0.1 * specific);
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 10 && letters.replace(/[^\p{Lu}]/gu, '').length / letters.length > 0.6) {
    score -= 0.1;
    reasons.push('content: mostly capitals');
  }
  if (/https?:\/\/|www\.|\.com\b|@\w+\.\w+|\b(whatsapp|telegram|promo code|discount code)\b/i.test(text)) {
    score -= 0.3;
    reasons.push('content: links or contact details');
  }
  if (/(.)\1{5,}|!{4,}/u.test(text)) score -= 0.05;
  return { score: clamp(score), reasons };
}

const clamp = (x: number) => Math.min(1, Math.max(0, x));

/** Every signal plus the reasons a moderator reads. */
export function computeSignals(f: Facts): { signals: Signals; reasons: string[] } {
  const reasons: string[] = [];
  const velocity = f.authorReviews24h > 5 ? 0.2 : f.authorReviews24h > 2 ? 0.6 : 1;
  if (velocity < 1) reasons.push(`velocity: ${f.authorReviews24h} reviews by this author in 24 h`);
  const content = contentSignal(f.title, f.body);
  reasons.push(...content.reasons);
  const accountAge = clamp(f.accountAgeDays / 30);
  if (f.accountAgeDays < 7) reasons.push(`account: ${Math.floor(f.accountAgeDays)} days old`);
  const verifiedPurchase = f.purchased ? 1 : 0.3;
  if (!f.purchased) reasons.push('not a verified purchase');
  const spikeAt = 5 * Math.max(f.appDailyAverage, MIN_DAILY_BASELINE);
  const coordination = f.appReviews24h > spikeAt ? 0.3 : 1;
  if (coordination < 1)
    reasons.push(`coordination: ${f.appReviews24h} reviews of this app in 24 h vs ${f.appDailyAverage.toFixed(1)} a day before`);
  const originality = clamp(1 - f.maxSimilarity);
  if (f.maxSimilarity >= 0.5) reasons.push(`originality: ${Math.round(f.maxSimilarity * 100)}% similar to another review of this app`);
  return { signals: { velocity, content: content.score, accountAge, verifiedPurchase, coordination, originality }, reasons };
}

export function ruleScore(s: Signals): number {
  let total = 0;
  for (const [k, w] of Object.entries(SIGNAL_WEIGHTS)) total += w * s[k as keyof Signals];
  return Math.round(total * 10_000) / 10_000;
}
