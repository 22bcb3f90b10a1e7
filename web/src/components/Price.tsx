import { formatPrice } from '../lib/money';

/** A price in minor units, formatted for the shopper's locale ("Free" for zero). */
export function Price({ minor, currency, className = 'price' }: { minor: number; currency: string; className?: string }) {
  return <span className={className}>{formatPrice(minor, currency)}</span>;
}
