/** Tables of the subscriptions module (migration 2026-11-25T2001). Money in integer minor units. */

export type SubscriptionPeriod = 'week' | 'month' | 'quarter' | 'year';
export type IntroType = 'free_trial' | 'intro_price';
export type SubscriptionStatus = 'active' | 'billing_grace_period' | 'billing_retry' | 'expired' | 'revoked';
export type PriceConsent = 'none' | 'pending' | 'accepted';
export type ChargeKind = 'renewal' | 'upgrade';

export interface SubscriptionGroupsTable {
  id: string;
  app_id: string;
  name: string;
  created_at: string;
}
export interface SubscriptionSettingsTable {
  app_id: string;
  grace_period_days: number;
  updated_at: string;
}
export interface SubscriptionProductsTable {
  id: string;
  app_id: string;
  group_id: string;
  /** The developer's product id, unique within the app (e.g. "pro.monthly"). */
  product_id: string;
  name: string;
  period: SubscriptionPeriod;
  /** 1 is the highest level of service in the group. */
  level: number;
  intro_type: IntroType | null;
  /** How many periods the introductory offer lasts. */
  intro_periods: number;
  status: 'active' | 'removed';
  created_at: string;
  updated_at: string;
}
export interface SubscriptionPricesTable {
  sub_product_id: string;
  country: string;
  price_minor: number;
  currency: string;
  intro_price_minor: number | null;
}
export interface SubscriptionsTable {
  id: string;
  user_id: string;
  app_id: string;
  group_id: string;
  sub_product_id: string;
  /** The product the next renewal bills (a downgrade or crossgrade waits here). */
  renew_product_id: string;
  original_transaction_id: string;
  status: SubscriptionStatus;
  auto_renew: number;
  /** Counts billing periods since the first purchase (resubscribing continues the count). */
  period_index: number;
  /** Failed attempts in the current billing-retry run. */
  attempt: number;
  period_start: string;
  expires_at: string;
  /** When the renewal job should next try to charge (null: nothing to charge). */
  next_attempt_at: string | null;
  grace_until: string | null;
  retry_until: string | null;
  country: string;
  currency: string;
  /** What the current period cost. */
  price_minor: number;
  /** What the next renewal will charge (a price increase waits for consent). */
  renew_price_minor: number;
  price_consent: PriceConsent;
  /** The introductory offer of the current period, if any. */
  offer: string | null;
  payment_token: string | null;
  expiration_reason: string | null;
  last_transaction_id: string;
  created_at: string;
  updated_at: string;
}
export interface SubscriptionOfferRedemptionsTable {
  user_id: string;
  group_id: string;
  subscription_id: string;
  redeemed_at: string;
}
export interface SubscriptionChargesTable {
  id: string;
  subscription_id: string;
  kind: ChargeKind;
  period_index: number;
  attempt: number;
  purchase_id: string;
  sub_product_id: string;
  status: 'pending' | 'completed' | 'declined' | 'voided';
  locked_until: string;
  created_at: string;
  updated_at: string;
}
export interface SubscriptionDailyStatsTable {
  app_id: string;
  day: string;
  currency: string;
  new_subs: number;
  churned: number;
  renewals: number;
  revenue_minor: number;
  mrr_minor: number | null;
}

export interface SubscriptionsTables {
  subscription_groups: SubscriptionGroupsTable;
  subscription_settings: SubscriptionSettingsTable;
  subscription_products: SubscriptionProductsTable;
  subscription_prices: SubscriptionPricesTable;
  subscriptions: SubscriptionsTable;
  subscription_offer_redemptions: SubscriptionOfferRedemptionsTable;
  subscription_charges: SubscriptionChargesTable;
  subscription_daily_stats: SubscriptionDailyStatsTable;
}
