/**
 * The learned half of review integrity: a logistic-regression model trained from every label
 * (moderators' decisions, confirmed incidents, imported files), with metrics on a fixed
 * held-out slice per version. A new version replaces the live one only when it is not worse on
 * that slice. Versions live in the database, so every process scores with the same one.
 */
import type { Config } from '../../config.js';
import type { Db, Executor } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, registerErrors } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/bus.js';
import { newId } from '../../platform/ids.js';
import './integrity.events.js';
import * as repo from './integrity.repository.js';
import type { Label } from './integrity.tables.js';
import type { FeatureSpec, Signals } from './model/features.js';
import type { Metrics } from './model/metrics.js';
import { evaluate, type Fitted, fitModel, isHeldOut, type Labelled } from './model/pipeline.js';
import { modelFromBytes, weightsToBytes } from './model/serialize.js';
import * as models from './models.repository.js';

registerErrors({ not_enough_labels: { status: 422, title: 'Not enough labelled reviews to train a model' } });

export interface LiveModel extends Fitted {
  id: string;
  version: number;
}

export interface RetrainResult {
  version: number;
  promoted: boolean;
  metrics: Metrics;
  /** The previous live model on the same held-out slice (null when there was none). */
  liveMetrics: Metrics | null;
  labels: number;
  trainSeconds: number;
}

/** An on-demand retrain needs at least this many labels (the schedule waits for the configured minimum). */
const MIN_TO_TRAIN = 10;
/** Old versions keep their metrics; only the newest few keep weights. */
const KEEP_WEIGHTS = 5;

export class ModelTrainer {
  private cached: LiveModel | undefined;

  constructor(private readonly d: { clock: Clock; bus: EventBus; config: Config['integrity'] }) {}

  /** The live model (cached per version; one cheap query tells whether another process promoted one). */
  async live(db: Executor): Promise<LiveModel | null> {
    const ref = await models.liveModelRef(db);
    if (!ref) return null;
    if (this.cached?.id === ref.id) return this.cached;
    const row = await models.findModel(db, ref.id);
    if (!row?.weights) return null;
    const spec = JSON.parse(row.spec) as FeatureSpec;
    this.cached = {
      id: row.id,
      version: Number(row.version),
      spec,
      model: modelFromBytes(spec, row.weights, Number(row.bias)),
      seconds: 0,
    };
    return this.cached;
  }

  /** Adds labelled texts (an operator's past moderation data) to the training set. */
  async importLabels(db: Db, rows: Array<{ text: string; label: Label; rating?: number | null }>, source = 'import'): Promise<number> {
    const now = this.d.clock.now().toISOString();
    await inTransaction(db, (trx) =>
      repo.insertLabels(
        trx,
        rows.map((r) => ({
          id: newId(),
          review_id: null,
          label: r.label,
          text: r.text,
          rating: r.rating ?? null,
          signals: null,
          source,
          created_at: now,
        })),
      ),
    );
    return rows.length;
  }

  /**
   * Trains a new version from every label, measures it and the live model on the held-out slice,
   * and promotes it when it is not worse (or when `force`). CPU-heavy: it yields between epochs.
   */
  async retrain(db: Db, trigger: string, opts: { force?: boolean; onEpoch?: (epoch: number) => void } = {}): Promise<RetrainResult> {
    const rows = await repo.allLabels(db);
    const all: Array<Labelled & { id: string }> = rows.map((r) => ({
      id: r.id,
      text: r.text,
      rating: r.rating,
      signals: r.signals ? (JSON.parse(r.signals) as Signals) : null,
      label: r.label === 'fake' ? 1 : 0,
    }));
    const trainSet = all.filter((e) => !isHeldOut(e.id));
    const heldOut = all.filter((e) => isHeldOut(e.id));
    const classes = new Set(trainSet.map((e) => e.label));
    if (all.length < MIN_TO_TRAIN || classes.size < 2 || heldOut.length === 0)
      throw new AppError('not_enough_labels', `${all.length} labels; need both classes and at least ${MIN_TO_TRAIN}`);
    const fitted = await fitModel(trainSet, {
      onEpoch: async (epoch) => {
        opts.onEpoch?.(epoch);
        await new Promise((r) => setImmediate(r));
      },
    });
    const metrics = evaluate(fitted, heldOut);
    const current = await this.live(db);
    const liveMetrics = current ? evaluate(current, heldOut) : null;
    const notWorse = !liveMetrics || (metrics.f1 >= liveMetrics.f1 && metrics.accuracy >= liveMetrics.accuracy);
    const promoted = notWorse || opts.force === true;
    const version = await inTransaction(db, async (trx) => {
      const v = await models.nextVersion(trx);
      const now = this.d.clock.now().toISOString();
      const id = newId();
      if (promoted) await models.retireLive(trx);
      await models.insertModel(trx, {
        id,
        version: v,
        status: promoted ? 'live' : 'rejected',
        spec: JSON.stringify(fitted.spec),
        weights: weightsToBytes(fitted.model),
        bias: fitted.model.bias,
        metrics: JSON.stringify(metrics),
        live_metrics: liveMetrics ? JSON.stringify(liveMetrics) : null,
        labels: all.length,
        train_seconds: fitted.seconds,
        trigger,
        created_at: now,
        promoted_at: promoted ? now : null,
      });
      await models.pruneWeights(trx, v - KEEP_WEIGHTS + 1);
      if (promoted) await this.d.bus.emit(trx, { type: 'integrity.model_promoted', aggregateId: id, payload: { modelId: id, version: v } });
      return v;
    });
    return { version, promoted, metrics, liveMetrics, labels: all.length, trainSeconds: fitted.seconds };
  }

  /** Scheduled retrain: only when labels arrived since the last version and there are enough. */
  async retrainIfDue(db: Db): Promise<RetrainResult | null> {
    const stats = await repo.labelStats(db);
    if (stats.count < this.d.config.retrainMinLabels || !stats.latest) return null;
    const last = await models.latestModel(db);
    if (last && Number(last.labels) === stats.count && Date.parse(last.created_at) >= Date.parse(stats.latest)) return null;
    return this.retrain(db, 'schedule');
  }

  async versions(db: Executor, limit = 50) {
    return (await models.listModels(db, limit)).map((m) => ({
      id: m.id,
      version: Number(m.version),
      status: m.status,
      metrics: JSON.parse(m.metrics) as Metrics,
      liveMetrics: m.live_metrics ? (JSON.parse(m.live_metrics) as Metrics) : null,
      labels: Number(m.labels),
      trainSeconds: Number(m.train_seconds),
      trigger: m.trigger,
      createdAt: m.created_at,
      promotedAt: m.promoted_at,
    }));
  }
}
