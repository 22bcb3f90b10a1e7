/** Friendly words for the API's stable problem codes; anything unknown falls back to the server's detail. */
import { ApiError } from '../api/client';

const messages: Record<string, string> = {
  network_error: 'Could not reach the store. Check your connection and try again.',
  email_taken: 'An account with this email already exists. Try signing in instead.',
  invalid_credentials: 'That email and password don’t match an account.',
  too_many_login_attempts: 'Too many failed sign-in attempts. Wait a little and try again.',
  unauthenticated: 'Please sign in to continue.',
  forbidden: 'You don’t have permission to do that.',
  csrf_rejected: 'The request was blocked for your safety. Reload the page and try again.',
  already_developer: 'This account is already a developer.',
  developer_required: 'You need a developer account for this. Become a developer on your account page.',
  bundle_id_taken: 'This bundle ID is already taken. Bundle IDs are unique across the store.',
  app_not_found: 'We couldn’t find that app.',
  developer_not_found: 'We couldn’t find that developer.',
  unknown_category: 'That category doesn’t exist.',
  unsupported_image: 'Images must be PNG, JPEG, WebP or SVG.',
  unsupported_media_type: 'That file type isn’t supported. Use PNG, JPEG, WebP or SVG.',
  payload_too_large: 'That file is too large.',
  too_many_screenshots: 'You’ve reached the maximum number of screenshots. Delete one first.',
  rate_limited: 'You’re going a little fast. Wait a moment and try again.',
  server_busy: 'The store is busy right now. Try again in a moment.',
  service_unavailable: 'The service is temporarily unavailable. Try again in a moment.',
  internal_error: 'Something went wrong on our side. Please try again.',
  route_not_found: 'This feature isn’t available in this store yet.',
  // purchases
  payment_declined: 'Your payment was declined. Nothing was charged — try another payment method.',
  already_owned: 'You already own this app.',
  payment_unavailable: 'Payments are unavailable right now. Nothing was charged — please try again later.',
  idempotency_key_in_use: 'This purchase is still being processed. Give it a moment.',
  not_sold_in_country: 'This app isn’t sold in your country.',
  // reviews, library, refunds
  not_entitled: 'Only people who have this app can do that. Get it first.',
  review_not_found: 'That review isn’t available any more.',
  review_rate_limited: 'You’ve written a lot of reviews in the last hour. Try again later.',
  cannot_vote_own_review: 'You can’t vote on your own review.',
  cannot_report_own_review: 'You can’t report your own review.',
  purchase_not_found: 'We couldn’t find that purchase.',
  refund_exists: 'You’ve already asked for a refund of this purchase.',
  refund_not_allowed: 'This purchase can’t be refunded.',
  no_release: 'No download yet: the developer hasn’t released a build.',
  no_compatible_build: 'There’s no build for this device yet.',
  download_link_expired: 'The download link expired. Start the download again.',
  product_not_found: 'That in-app item isn’t available any more.',
  payment_provider_unavailable: 'Payments are unavailable right now. Nothing was charged — please try again later.',
};

export function problemMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (messages[err.code]) return messages[err.code] as string;
    if (err.status === 402) return messages.payment_declined as string;
    if (err.status === 503) return messages.service_unavailable as string;
    if (err.status >= 500) return messages.internal_error as string;
    return err.detail ?? err.title ?? err.message;
  }
  return 'Something went wrong. Please try again.';
}

/** Server validation errors by field name (`body/email` → `email`). */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  for (const e of err.errors) {
    const field = e.path.replace(/^body\/?/, '').split('/')[0];
    if (field && !out[field]) out[field] = e.message;
  }
  return out;
}
