// HTTP face of identity: setup, auth, me, users, teams, roles, API keys, sessions, audit log.
import { z } from 'zod';
import {
  ApiKey, ApiKeyCreate, ApiKeyCreated, AuditEvent, AuditQuery, IdParams, ListQuery, LoginRequest, Me, MePatch,
  Organization, OrganizationPatch, Page, PasswordChange, Role, RoleCreate, RolePatch, Session, SetupRequest,
  SetupStatus, Team, TeamCreate, TeamPatch, User, UserCreate, UserListQuery, UserLookup, UserLookupQuery, UserPatch,
} from '@kehu/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KehuApp } from '../../app.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../platform/auth/actor.js';
import { createCtx } from '../../platform/context.js';
import { loadActor } from '../../platform/auth/actor.js';
import { expectedVersion, etag } from '../../platform/http/version.js';
import * as auth from './auth.service.js';
import * as users from './users.service.js';
import * as teams from './teams.service.js';
import * as roles from './roles.service.js';
import * as apiKeys from './api-keys.service.js';
import * as org from './organization.service.js';
import { listAuditEvents } from './audit.service.js';

const NoContent = z.null().describe('No content');
const tags = (t: string) => [t];

function setSessionCookies(req: FastifyRequest, reply: FastifyReply, session: auth.NewSession) {
  const secure = req.ctx.platform.config.publicUrl.startsWith('https://');
  const expires = new Date(session.expiresAt);
  reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires });
  reply.setCookie(CSRF_COOKIE, session.csrfToken, { path: '/', httpOnly: false, sameSite: 'lax', secure, expires });
}

/** After login/setup the request has no actor yet: build one for the new session to answer Me. */
async function meForNewSession(req: FastifyRequest, userId: string, session: auth.NewSession) {
  const actor = await loadActor(req.ctx.db, userId, { kind: 'session', sessionId: '' });
  const ctx = createCtx(req.ctx.platform, { actor, locale: actor?.locale ?? req.ctx.locale, requestId: req.id, ip: req.ip });
  return auth.me(ctx, session.csrfToken);
}

const ifMatch = (req: FastifyRequest) => req.headers['if-match'];

export function identityRoutes(app: KehuApp) {
  app.get('/api/v1/setup', { config: { public: true }, schema: { tags: tags('setup'), response: { 200: SetupStatus } } },
    async (req) => ({ needsSetup: await auth.needsSetup(req.ctx) }));

  app.post('/api/v1/setup', { config: { public: true }, schema: { tags: tags('setup'), body: SetupRequest, response: { 201: Me } } },
    async (req, reply) => {
      const { userId, session } = await auth.setup(req.ctx, req.body, req.headers['user-agent'] ?? null);
      setSessionCookies(req, reply, session);
      return reply.status(201).send(await meForNewSession(req, userId, session));
    });

  app.post('/api/v1/auth/login', { config: { public: true }, schema: { tags: tags('auth'), body: LoginRequest, response: { 200: Me } } },
    async (req, reply) => {
      const { userId, session } = await auth.login(req.ctx, req.body, req.headers['user-agent'] ?? null);
      setSessionCookies(req, reply, session);
      return meForNewSession(req, userId, session);
    });

  app.post('/api/v1/auth/logout', { schema: { tags: tags('auth'), response: { 204: NoContent } } }, async (req, reply) => {
    await auth.logout(req.ctx);
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/v1/me', { schema: { tags: tags('me'), response: { 200: Me } } }, (req) => auth.me(req.ctx, req.csrfToken));

  app.patch('/api/v1/me', { schema: { tags: tags('me'), body: MePatch, response: { 200: Me } } }, async (req) => {
    await auth.updateMe(req.ctx, req.body, expectedVersion(ifMatch(req), req.body.version));
    return auth.me(req.ctx, req.csrfToken);
  });

  app.post('/api/v1/me/password', { schema: { tags: tags('me'), body: PasswordChange, response: { 204: NoContent } } }, async (req, reply) => {
    await auth.changePassword(req.ctx, req.body);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/organization', { schema: { tags: tags('organization'), response: { 200: Organization } } }, (req) => org.getOrganization(req.ctx));
  app.patch('/api/v1/organization', { schema: { tags: tags('organization'), body: OrganizationPatch, response: { 200: Organization } } },
    (req) => org.updateOrganization(req.ctx, req.body, expectedVersion(ifMatch(req), req.body.version)));

  app.get('/api/v1/users', { schema: { tags: tags('users'), querystring: UserListQuery, response: { 200: Page(User) } } },
    (req) => users.listUsers(req.ctx, req.query));
  app.post('/api/v1/users', { schema: { tags: tags('users'), body: UserCreate, response: { 201: User } } },
    async (req, reply) => reply.status(201).send(await users.createUser(req.ctx, req.body)));
  app.get('/api/v1/users/lookup', {
    schema: { tags: tags('users'), querystring: UserLookupQuery, response: { 200: UserLookup } },
  }, (req) => users.lookupUsers(req.ctx, req.query));
  app.get('/api/v1/users/:id', { schema: { tags: tags('users'), params: IdParams, response: { 200: User } } }, async (req, reply) => {
    const user = await users.getUser(req.ctx, req.params.id);
    reply.header('etag', etag(user.version));
    return user;
  });
  app.patch('/api/v1/users/:id', { schema: { tags: tags('users'), params: IdParams, body: UserPatch, response: { 200: User } } },
    (req) => users.updateUser(req.ctx, req.params.id, req.body, expectedVersion(ifMatch(req), req.body.version)));

  app.get('/api/v1/teams', { schema: { tags: tags('teams'), response: { 200: Page(Team) } } },
    async (req) => ({ data: await teams.listTeams(req.ctx), nextCursor: null }));
  app.post('/api/v1/teams', { schema: { tags: tags('teams'), body: TeamCreate, response: { 201: Team } } },
    async (req, reply) => reply.status(201).send(await teams.createTeam(req.ctx, req.body)));
  app.patch('/api/v1/teams/:id', { schema: { tags: tags('teams'), params: IdParams, body: TeamPatch, response: { 200: Team } } },
    (req) => teams.updateTeam(req.ctx, req.params.id, req.body, expectedVersion(ifMatch(req), req.body.version)));

  app.get('/api/v1/roles', { schema: { tags: tags('roles'), response: { 200: Page(Role) } } },
    async (req) => ({ data: await roles.listRoles(req.ctx), nextCursor: null }));
  app.post('/api/v1/roles', { schema: { tags: tags('roles'), body: RoleCreate, response: { 201: Role } } },
    async (req, reply) => reply.status(201).send(await roles.createRole(req.ctx, req.body)));
  app.get('/api/v1/roles/:id', { schema: { tags: tags('roles'), params: IdParams, response: { 200: Role } } }, (req) => roles.getRole(req.ctx, req.params.id));
  app.patch('/api/v1/roles/:id', { schema: { tags: tags('roles'), params: IdParams, body: RolePatch, response: { 200: Role } } },
    (req) => roles.updateRole(req.ctx, req.params.id, req.body, expectedVersion(ifMatch(req), req.body.version)));

  app.get('/api/v1/api-keys', { schema: { tags: tags('api-keys'), querystring: ListQuery, response: { 200: Page(ApiKey) } } },
    (req) => apiKeys.listApiKeys(req.ctx, req.query));
  app.post('/api/v1/api-keys', { schema: { tags: tags('api-keys'), body: ApiKeyCreate, response: { 201: ApiKeyCreated } } },
    async (req, reply) => reply.status(201).send(await apiKeys.createApiKey(req.ctx, req.ctx.actor!.userId, req.body)));
  app.delete('/api/v1/api-keys/:id', { schema: { tags: tags('api-keys'), params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await apiKeys.revokeApiKey(req.ctx, req.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/sessions', { schema: { tags: tags('sessions'), response: { 200: Page(Session) } } },
    async (req) => ({ data: await auth.listMySessions(req.ctx), nextCursor: null }));
  app.delete('/api/v1/sessions/:id', { schema: { tags: tags('sessions'), params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await auth.revokeMySession(req.ctx, req.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/audit-events', { schema: { tags: tags('audit'), querystring: AuditQuery, response: { 200: Page(AuditEvent) } } },
    (req) => listAuditEvents(req.ctx, req.query));
}
