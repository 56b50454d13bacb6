// Builds the Fastify app: platform plugins first, then each module's routes.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyBaseLogger } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { Platform, Ctx } from './platform/context.js';
import { createCtx } from './platform/context.js';
import { newId } from './platform/crypto.js';
import { authenticate, CSRF_COOKIE, SESSION_COOKIE } from './platform/auth/actor.js';
import { AppError } from './platform/http/errors.js';
import { errorHandler, sendProblem } from './platform/http/problem.js';
import { registerIdempotency } from './platform/http/idempotency.js';
import { registerMetrics } from './platform/metrics.js';
import { defaultLocale, negotiateLocale } from './platform/i18n/index.js';
import { identityRoutes } from './modules/identity/routes.js';
import { customerRoutes } from './modules/customers/routes.js';
import { searchRoutes } from './platform/search.js';
import { savedViewRoutes } from './platform/saved-views.js';
import { activityRoutes } from './modules/activities/routes.js';
import { salesRoutes } from './modules/sales/routes.js';
import { customerPoolRoutes } from './modules/customers/pool-routes.js';
import { forecastRoutes } from './modules/sales/forecast-routes.js';
import { hostedFormRoutes, leadRoutes } from './modules/sales/lead-routes.js';
import { notificationRoutes } from './platform/notifications.js';
import { LiveHub, liveRoutes } from './platform/live.js';

export type KehuApp = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    ctx: Ctx;
    csrfToken: string | null;
  }
  interface FastifyInstance {
    /** Every route as registered, for the authentication walk test and the OpenAPI check. */
    routeTable: { method: string; url: string; public: boolean; hidden: boolean }[];
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (setup, login, health, docs). */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const API_VERSION = '0.1.0';

function defaultWebDist(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
}

export interface AppOptions {
  logger?: boolean | object;
}

export async function buildApp(platform: Platform, opts: AppOptions = {}): Promise<KehuApp> {
  const app = Fastify({
    logger: opts.logger ?? { level: platform.config.logLevel },
    genReqId: () => newId(),
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  const routeTable: KehuApp['routeTable'] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    // The web app's files (one wildcard route) are public; unknown API paths fall through it to a 404 problem.
    if (route.url === '/*') route.config = { ...route.config, public: true };
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routeTable.push({ method, url: route.url, public: Boolean(route.config?.public), hidden: Boolean(route.schema?.hide) });
    }
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(cookie);
  // Uploads (imports) stream to the database; the services set their own size limits.
  await app.register(multipart, { limits: { files: 1, fields: 10, fileSize: 200 * 1024 * 1024 } });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd renders its styles at run time into <style> tags.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, {
    max: platform.config.rateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (req) => req.headers.authorization ?? req.cookies?.[SESSION_COOKIE] ?? req.ip,
    allowList: (req) => !req.url.startsWith('/api/'),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Kehu CRM API', version: API_VERSION, description: 'REST API of Kehu (客户), the open-source CRM.' },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key created in Settings → API keys' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Swagger UI sets a few inline styles of its own, as antd does.
    transformStaticCSP: (header) => header.replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'"),
  });

  // Every request gets a context; API requests also get their actor.
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (req) => {
    const headerLocale = negotiateLocale(req.headers['accept-language']);
    const base = { requestId: req.id, ip: req.ip };
    req.ctx = createCtx(platform, { ...base, locale: headerLocale ?? defaultLocale });
    if (!req.url.startsWith('/api/v1/')) return;
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const auth = await authenticate(req.ctx, { apiKey: bearer, sessionToken: bearer ? undefined : req.cookies[SESSION_COOKIE] });
    if (auth) {
      req.ctx = createCtx(platform, { ...base, actor: auth.actor, locale: auth.actor.locale ?? headerLocale ?? defaultLocale });
      req.csrfToken = auth.csrfToken;
    }
  });
  // Before validation, so that an anonymous caller learns nothing about a route's schema.
  app.addHook('preValidation', async (req) => {
    if (req.is404 || req.routeOptions.config.public) return;
    if (!req.url.startsWith('/api/v1/')) return;
    if (!req.ctx.actor) throw new AppError('unauthenticated');
    if (req.csrfToken && !SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== req.csrfToken) {
      throw new AppError('auth.csrf_failed');
    }
  });
  registerIdempotency(app);
  const metrics = registerMetrics(app);
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    // Scrapers send the metrics token; without one configured, only this machine may read.
    const token = platform.config.metricsToken;
    const allowed = token ? req.headers.authorization === `Bearer ${token}` : ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.ip);
    if (!allowed) throw new AppError('permission_denied');
    return reply.type(metrics.contentType).send(await metrics.metrics());
  });

  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(platform.db);
      return { status: 'ok', database: platform.dialect };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: platform.dialect });
    }
  });

  await app.register(async (api) => {
    identityRoutes(api as KehuApp);
    customerRoutes(api as KehuApp);
    searchRoutes(api as KehuApp);
    savedViewRoutes(api as KehuApp);
    activityRoutes(api as KehuApp);
    salesRoutes(api as KehuApp);
    customerPoolRoutes(api as KehuApp);
    forecastRoutes(api as KehuApp);
    leadRoutes(api as KehuApp);
    notificationRoutes(api as KehuApp);
    liveRoutes(api as KehuApp, new LiveHub(platform));
  });

  hostedFormRoutes(app as KehuApp);

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const webDist = platform.config.webDist ?? defaultWebDist();
  const hasWeb = existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      // Hashed bundles never change; the page that names them must always be fresh after an upgrade.
      setHeaders: (reply, filePath) => {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/api/') || req.url === '/metrics';
    if (!isApi && hasWeb && SAFE_METHODS.has(req.method)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(req, reply, new AppError('route_not_found'));
  });

  return app as KehuApp;
}
