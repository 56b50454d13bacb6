// Turns any thrown error into an RFC 9457 problem+json reply, localized.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Locale, Problem } from '@kehu/shared';
import { translate, translateIssue } from '../i18n/index.js';
import { AppError, type ErrorCode } from './errors.js';

function localeOf(req: FastifyRequest): Locale {
  return req.ctx?.locale ?? 'zh-CN';
}

/** The error's title in the given language, with its object named in that language too. */
export function problemTitle(locale: Locale, err: AppError): string {
  const params = { ...err.params };
  if (typeof params.object === 'string') params.object = translate(locale, `objects.${params.object}` as never);
  return translate(locale, err.titleKey, params);
}

export function problemBody(req: FastifyRequest, err: AppError): Problem {
  const locale = localeOf(req);
  const body: Problem = {
    type: `/problems/${err.code}`,
    title: problemTitle(locale, err),
    status: err.status,
    code: err.code,
    requestId: req.id,
  };
  if (err.fields.length) {
    body.errors = err.fields.map((f) => ({
      path: f.path,
      code: f.code,
      message: translateIssue(locale, { code: f.code, message: f.messageKey }),
    }));
  }
  return body;
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, err: AppError) {
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  return reply.status(err.status).type('application/problem+json; charset=utf-8').send(problemBody(req, err));
}

/** Maps Fastify's own errors (body too large, bad JSON, rate limit…) onto our codes. */
function fromFastify(err: FastifyError): ErrorCode | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'bad_request';
  }
  if (err.statusCode === 429) return 'rate_limited';
  if (err instanceof SyntaxError || (err.statusCode === 400 && !err.validation)) return 'bad_request';
  return null;
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) return sendProblem(req, reply, err);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const locale = localeOf(req);
    const part = err.validationContext;
    const problem = problemBody(req, new AppError('validation_failed'));
    problem.errors = err.validation.map((v) => {
      const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      const issue = { code: v.keyword, message: v.message ?? '', path: path.split('.'), ...v.params };
      return {
        path: part === 'body' ? path : [part, path].filter(Boolean).join('.'),
        code: v.keyword,
        message: translateIssue(locale, issue),
      };
    });
    return reply.status(400).type('application/problem+json; charset=utf-8').send(problem);
  }
  const mapped = fromFastify(err);
  if (mapped) return sendProblem(req, reply, new AppError(mapped));
  req.log.error({ err }, 'unhandled error');
  return sendProblem(req, reply, new AppError('internal'));
}
