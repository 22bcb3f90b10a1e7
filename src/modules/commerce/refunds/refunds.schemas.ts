import { Type } from 'typebox';
import { errors, Nullable, Obj, Pagination, Res, Timestamp } from '../../../http/schemas.js';

const Status = Type.Enum(['requested', 'approved', 'rejected', 'completed']);
export const Refund = Res({
  id: Type.String(),
  purchaseId: Type.String(),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  reason: Type.String(),
  status: Status,
  autoApproved: Type.Boolean(),
  note: Nullable(Type.String()),
  createdAt: Timestamp,
  decidedAt: Nullable(Timestamp),
  completedAt: Nullable(Timestamp),
});
const Id = Type.String({ minLength: 1, maxLength: 64 });

export const requestRefund = {
  tags: ['purchases'],
  summary: 'Ask for a refund of one of your purchases (small recent ones are approved at once)',
  params: Obj({ purchaseId: Id }),
  body: Obj({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }),
  response: { 201: Res({ refund: Refund }), ...errors(400, 401, 404, 409, 422) },
};

export const listRefunds = {
  tags: ['admin'],
  summary: 'Refund requests, newest first',
  querystring: Obj({ status: Type.Optional(Status), ...Pagination }),
  response: { 200: Res({ refunds: Type.Array(Refund) }), ...errors(400, 401, 403) },
};

export const decideRefund = {
  tags: ['admin'],
  summary: 'Approve (and carry out) or reject a refund request',
  params: Obj({ refundId: Id }),
  body: Type.Optional(Obj({ note: Type.Optional(Type.String({ maxLength: 1000 })) })),
  response: { 200: Res({ refund: Refund }), ...errors(401, 403, 404, 409) },
};
