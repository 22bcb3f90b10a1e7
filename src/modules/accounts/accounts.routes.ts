import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { guards, principalOf, SESSION_COOKIE } from '../../http/auth.js';
import type { Http } from '../../http/types.js';
import * as s from './accounts.schemas.js';

const sessionKind = (req: FastifyRequest) => (req.headers['sec-fetch-site'] ? 'web' : 'device') as 'web' | 'device';

export async function accountsRoutes(app: Http, ctx: AppContext) {
  const accounts = ctx.services.accounts;
  const setCookie = (reply: FastifyReply, token: string, expiresAt: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.auth.secureCookies,
      path: '/',
      expires: new Date(expiresAt),
    });

  app.post('/auth/signup', { schema: s.signup }, async (req, reply) => {
    const r = await accounts.signup(ctx.db, req.body, { kind: sessionKind(req), userAgent: req.headers['user-agent'] });
    setCookie(reply, r.token, r.expiresAt);
    return reply.code(201).send(r);
  });

  app.post('/auth/login', { schema: s.login }, async (req, reply) => {
    const r = await accounts.login(ctx.db, req.body, {
      kind: sessionKind(req),
      userAgent: req.headers['user-agent'],
      ip: req.ip,
    });
    setCookie(reply, r.token, r.expiresAt);
    return r;
  });

  app.post('/auth/logout', { schema: s.logout, preHandler: guards.user }, async (req, reply) => {
    await accounts.logout(ctx.db, principalOf(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/me', { schema: s.me, preHandler: guards.user }, async (req) => {
    const user = principalOf(req).user;
    const developer = user.developerId ? await accounts.getDeveloper(ctx.db, user.developerId) : null;
    return { user, developer };
  });

  app.patch('/me', { schema: s.updateMe, preHandler: guards.user }, async (req) => ({
    user: await accounts.updateProfile(ctx.db, principalOf(req).user.id, req.body),
  }));

  app.post('/developers', { schema: s.becomeDeveloper, preHandler: guards.user }, async (req, reply) => {
    const developer = await accounts.becomeDeveloper(ctx.db, principalOf(req).user, req.body);
    return reply.code(201).send({ developer });
  });

  app.patch('/developers/me', { schema: s.updateDeveloper, preHandler: guards.developer() }, async (req) => ({
    developer: await accounts.updateDeveloper(ctx.db, principalOf(req).user.developerId as string, req.body),
  }));

  app.get('/developers/:slug', { schema: s.developerPage }, async (req) => ({
    developer: await accounts.getDeveloperBySlug(ctx.db, req.params.slug),
  }));

  app.post('/developers/me/api-keys', { schema: s.createApiKey, preHandler: guards.developer() }, async (req, reply) => {
    const r = await accounts.createApiKey(ctx.db, principalOf(req).user.developerId as string, req.body);
    return reply.code(201).send(r);
  });

  app.get('/developers/me/api-keys', { schema: s.listApiKeys, preHandler: guards.developer() }, async (req) => ({
    apiKeys: await accounts.listApiKeys(ctx.db, principalOf(req).user.developerId as string),
  }));

  app.delete('/developers/me/api-keys/:id', { schema: s.revokeApiKey, preHandler: guards.developer() }, async (req, reply) => {
    await accounts.revokeApiKey(ctx.db, principalOf(req).user.developerId as string, req.params.id);
    return reply.code(204).send(null);
  });

  app.patch('/admin/users/:id', { schema: s.setRole, preHandler: guards.role('admin') }, async (req) => ({
    user: await accounts.setRole(ctx.db, req.params.id, req.body.role),
  }));
}
