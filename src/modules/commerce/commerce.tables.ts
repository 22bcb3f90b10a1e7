/** Tables of the commerce module (the sandbox payment provider keeps its own file: provider/sandbox.ts). */

export type ProductType = 'consumable' | 'non_consumable';
/** What a purchase bought: the app itself (paid or free) or an in-app product. */
export type PurchaseType = 'paid_app' | 'free_app' | 'consumable' | 'non_consumable' | 'auto_renewable';
export type PurchaseStatus = 'pending' | 'completed' | 'declined' | 'voided' | 'refunded';
export type RecoveryPoint = 'started' | 'charged' | 'finished';
export type RefundStatus = 'requested' | 'approved' | 'rejected' | 'completed';
export type LedgerKind = 'purchase' | 'refund' | 'payout';
export type LedgerAccount = 'customer_payments' | 'store_commission' | 'developer_payable' | 'developer_payouts';

export interface IapProductsTable {
  id: string;
  app_id: string;
  /** The developer's product identifier, unique within the app (e.g. "coins.100"). */
  product_id: string;
  type: ProductType;
  name: string;
  description: string;
  status: 'active' | 'removed';
  created_at: string;
  updated_at: string;
}
export interface IapPricesTable {
  iap_id: string;
  country: string;
  price_minor: number;
  currency: string;
}
export interface CommissionProgramsTable {
  developer_id: string;
  commission_bps: number;
  program: string;
  updated_at: string;
}

export interface PurchasesTable {
  id: string;
  transaction_id: string;
  original_transaction_id: string;
  user_id: string;
  app_id: string;
  bundle_id: string;
  developer_id: string;
  /** '' for the app itself, else the in-app product id (matches entitlements.product_key). */
  product_key: string;
  type: PurchaseType;
  country: string;
  currency: string;
  amount_minor: number;
  commission_bps: number;
  status: PurchaseStatus;
  /** Idempotency key sent to the payment provider: one per purchase, so retries never charge twice. */
  provider_key: string;
  /** A pending subscription purchase's payment token (for reconciliation); null otherwise and once completed. */
  payment_token: string | null;
  charge_id: string | null;
  decline_code: string | null;
  receipt: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  refunded_at: string | null;
}

export interface PurchaseKeysTable {
  id: string;
  user_id: string;
  key: string;
  fingerprint: string;
  recovery_point: RecoveryPoint;
  purchase_id: string | null;
  lock_owner: string | null;
  locked_until: string | null;
  response_status: number | null;
  response_type: string | null;
  response_body: string | null;
  created_at: string;
  updated_at: string;
}

export interface LedgerTransactionsTable {
  id: string;
  kind: LedgerKind;
  /** The purchase, refund or payout this posting is for; unique with kind, so a posting happens once. */
  reference_id: string;
  developer_id: string;
  currency: string;
  created_at: string;
}
export interface LedgerEntriesTable {
  id: string;
  transaction_id: string;
  account: LedgerAccount;
  developer_id: string | null;
  /** Signed minor units: debits positive, credits negative; a transaction's entries sum to 0. */
  amount_minor: number;
  currency: string;
  created_at: string;
}

export interface RefundsTable {
  id: string;
  purchase_id: string;
  user_id: string;
  developer_id: string;
  amount_minor: number;
  currency: string;
  reason: string;
  status: RefundStatus;
  auto_approved: number;
  decided_by: string | null;
  note: string | null;
  provider_refund_id: string | null;
  created_at: string;
  decided_at: string | null;
  completed_at: string | null;
}

export interface PayoutsTable {
  id: string;
  developer_id: string;
  /** Calendar month, YYYY-MM (UTC). */
  period: string;
  currency: string;
  amount_minor: number;
  /** JSON statement snapshot (lines of the period), fixed when the payout is created. */
  statement: string;
  created_at: string;
}

export interface CommerceTables {
  iap_products: IapProductsTable;
  iap_prices: IapPricesTable;
  commission_programs: CommissionProgramsTable;
  purchases: PurchasesTable;
  purchase_keys: PurchaseKeysTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_entries: LedgerEntriesTable;
  refunds: RefundsTable;
  payouts: PayoutsTable;
}
