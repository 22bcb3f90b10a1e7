import { Type } from 'typebox';
import { errors, Nullable, Obj, Pagination, Res, Timestamp } from '../../http/schemas.js';
import { BundleId } from '../commerce/purchases/purchases.schemas.js';

const tags = ['notifications'];
const AppParams = Obj({ bundleId: BundleId });

export const Notification = Res({
  notificationUUID: Type.String(),
  notificationType: Type.String(),
  subtype: Nullable(Type.String()),
  status: Type.Enum(['pending', 'delivered', 'dead', 'no_endpoint']),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Timestamp),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  createdAt: Timestamp,
  deliveredAt: Nullable(Timestamp),
  signedPayload: Type.String({ description: 'Compact JWS (ES256, keys at /.well-known/jwks.json)' }),
  deliveries: Type.Array(
    Res({
      at: Timestamp,
      url: Type.String(),
      statusCode: Nullable(Type.Integer()),
      error: Nullable(Type.String()),
      durationMs: Type.Integer(),
    }),
  ),
});

export const getSettings = {
  tags,
  summary: "The app's server-notification URL",
  params: AppParams,
  response: { 200: Res({ url: Nullable(Type.String()) }), ...errors(400, 401, 403, 404) },
};
export const putSettings = {
  tags,
  summary: 'Set the server-notification URL (https; private, loopback, link-local and metadata addresses are refused)',
  params: AppParams,
  body: Obj({ url: Type.String({ minLength: 8, maxLength: 2000 }) }),
  response: { 200: Res({ url: Type.String() }), ...errors(400, 401, 403, 404, 422) },
};
export const deleteSettings = {
  tags,
  summary: 'Stop sending server notifications',
  params: AppParams,
  response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
};
export const sendTest = {
  tags,
  summary: 'Send a TEST notification now',
  params: AppParams,
  response: { 200: Res({ notification: Notification }), ...errors(400, 401, 403, 404, 409) },
};
export const history = {
  tags,
  summary: 'Notification history with delivery attempts (API key: subscriptions:read)',
  params: AppParams,
  querystring: Obj({ ...Pagination, status: Type.Optional(Type.Enum(['pending', 'delivered', 'dead', 'no_endpoint'])) }),
  response: { 200: Res({ notifications: Type.Array(Notification) }), ...errors(400, 401, 403, 404) },
};
export const replay = {
  tags,
  summary: 'Send a notification again (API key: notifications:write)',
  params: Obj({ bundleId: BundleId, id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) }),
  response: { 200: Res({ notification: Notification }), ...errors(400, 401, 403, 404, 409) },
};
