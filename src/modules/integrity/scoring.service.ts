/**
 * Scores every new or edited review: the DESIGN.md signals (rules) and, when one is live, the
 * learned model, combined into a trust score that maps to approve / manual review / reject by
 * the thresholds in config. Every decision is stored with its score, signals, reasons and model
 * version, and a possible review bomb is checked in the same transaction.
 */
import type { Config } from '../../config.js';
import type { Executor, Tx } from '../../db/database.js';
import { type Clock, DAY_MS } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { EntitlementsService } from '../entitlements/entitlements.service.js';
import type { ReviewsService } from '../reviews/reviews.service.js';
import type { IncidentsService } from './incidents.service.js';
import * as repo from './integrity.repository.js';
import type { IntegrityAction } from './integrity.tables.js';
import type { Signals } from './model/features.js';
import { bandKeys, minhash, type Signature, signatureFromBytes, signatureToBytes, similarity } from './model/near-duplicates.js';
import { probabilityFake, reviewText } from './model/pipeline.js';
import { computeSignals, ruleScore } from './signals.js';
import type { ModelTrainer } from './training.service.js';

/** At most this many near-duplicate candidates (from the LSH bands) are compared exactly. */
const MAX_CANDIDATES = 500;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export interface Decision {
  reviewId: string;
  revision: number;
  score: number;
  ruleScore: number;
  modelScore: number | null;
  modelVersion: number | null;
  action: IntegrityAction;
  signals: Signals;
  reasons: string[];
  heldBy: string | null;
}

const STATUS_OF = { approve: 'approved', manual_review: 'manual_review', reject: 'rejected' } as const;

export class ScoringService {
  constructor(
    private readonly d: {
      config: Config['integrity'];
      clock: Clock;
      reviews: ReviewsService;
      entitlements: EntitlementsService;
      accounts: AccountsService;
      trainer: ModelTrainer;
      incidents: IncidentsService;
    },
  ) {}

  /** The facts behind the signals, gathered from the reviews, accounts and entitlements modules. */
  private async facts(
    db: Executor,
    r: { id: string; app_id: string; user_id: string; title: string; body: string },
    sig: Signature | null,
  ) {
    const now = this.d.clock.now().getTime();
    const iso = (t: number) => new Date(t).toISOString();
    const [authorReviews24h, meta, ent, appReviews24h, before, prints] = await Promise.all([
      this.d.reviews.authorActivity(db, r.user_id, iso(now - DAY_MS)),
      this.d.accounts.getUsersMeta(db, [r.user_id]),
      this.d.entitlements.find(db, r.user_id, r.app_id),
      this.d.reviews.appActivity(db, r.app_id, iso(now - DAY_MS), iso(now + 1)),
      this.d.reviews.appActivity(db, r.app_id, iso(now - 31 * DAY_MS), iso(now - DAY_MS)),
      sig ? repo.candidateFingerprints(db, r.app_id, r.user_id, bandKeys(sig), MAX_CANDIDATES) : Promise.resolve([]),
    ]);
    const created = meta.get(r.user_id)?.createdAt;
    let maxSimilarity = 0;
    if (sig)
      for (const p of prints)
        if (p.review_id !== r.id) maxSimilarity = Math.max(maxSimilarity, similarity(sig, signatureFromBytes(p.minhash)));
    return {
      authorReviews24h,
      accountAgeDays: created ? Math.max(0, (now - Date.parse(created)) / DAY_MS) : 0,
      purchased: ent?.source === 'purchase',
      appReviews24h,
      appDailyAverage: before / 30,
      maxSimilarity,
      title: r.title,
      body: r.body,
    };
  }

  /**
   * Scores one revision of a review and applies the outcome. Returns null when the review was
   * deleted or edited since (the newer revision's own event scores it).
   */
  async scoreReview(trx: Tx, reviewId: string, revision: number): Promise<Decision | null> {
    const r = await this.d.reviews.getRow(trx, reviewId);
    if (!r || r.deleted_at || Number(r.revision) !== revision) return null;
    const text = reviewText(r.title, r.body);
    const sig = minhash(text);
    const { signals, reasons } = computeSignals(await this.facts(trx, r, sig));
    const rule = ruleScore(signals);
    const live = text.trim() ? await this.d.trainer.live(trx) : null;
    let modelScore: number | null = null;
    let score = rule;
    if (live) {
      const pFake = probabilityFake(live, { text, rating: Number(r.rating), signals });
      modelScore = round4(1 - pFake);
      score = round4((1 - this.d.config.modelWeight) * rule + this.d.config.modelWeight * modelScore);
      if (pFake >= 0.5) reasons.push(`model v${live.version}: ${Math.round(pFake * 100)}% likely fake`);
    }
    const action: IntegrityAction =
      score < this.d.config.rejectBelow ? 'reject' : score < this.d.config.reviewBelow ? 'manual_review' : 'approve';
    const heldBy = await this.d.incidents.check(trx, { id: r.id, appId: r.app_id, rating: Number(r.rating) });
    if (heldBy) reasons.push('held out of the rating: possible review bombing');
    await this.d.reviews.setStatus(trx, r.id, STATUS_OF[action], { revision });
    const now = this.d.clock.now().toISOString();
    if (action === 'manual_review')
      await repo.upsertQueueItem(trx, {
        review_id: r.id,
        app_id: r.app_id,
        score,
        source: 'integrity',
        state: 'open',
        created_at: now,
        updated_at: now,
      });
    else await repo.closeQueueItem(trx, r.id, now);
    const decision: Decision = {
      reviewId: r.id,
      revision,
      score,
      ruleScore: rule,
      modelScore,
      modelVersion: live?.version ?? null,
      action,
      signals,
      reasons,
      heldBy,
    };
    await repo.insertDecision(trx, {
      id: newId(),
      review_id: r.id,
      revision,
      app_id: r.app_id,
      score,
      rule_score: rule,
      model_score: modelScore,
      action,
      signals: JSON.stringify(signals),
      reasons: JSON.stringify(reasons),
      model_version: decision.modelVersion,
      held_by: heldBy,
      created_at: now,
    });
    if (sig) {
      await repo.upsertFingerprint(trx, {
        review_id: r.id,
        app_id: r.app_id,
        user_id: r.user_id,
        minhash: signatureToBytes(sig),
        created_at: now,
      });
      await repo.replaceBands(trx, r.app_id, r.id, bandKeys(sig));
    }
    return decision;
  }
}
