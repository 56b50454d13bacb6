// Idempotency-Key on POST: the first response is stored and replayed for retries of
// the same request by the same user, so a retried create never creates twice.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

const HEADER = 'idempotency-key';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey: { userId: string; key: string } | null;
  }
}

export function registerIdempotency(app: FastifyInstance): void {
  app.decorateRequest('idempotencyKey', null);

  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    const key = req.headers[HEADER];
    if (req.method !== 'POST' || typeof key !== 'string' || !req.ctx.actor) return;
    if (key.length < 1 || key.length > 200) {
      throw new AppError('validation_failed', {}, [{ path: 'Idempotency-Key', code: 'invalid', messageKey: 'idempotency.invalid' }]);
    }
    const { ctx } = req;
    const userId = ctx.actor!.userId;
    const inserted = await ctx.db
      .insertInto('idempotencyKeys')
      .values({ userId, key, method: req.method, path: req.url, statusCode: null, response: null, createdAt: ctx.now() })
      .onConflict((oc) => oc.columns(['userId', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) {
      req.idempotencyKey = { userId, key };
      return;
    }
    const stored = await ctx.db
      .selectFrom('idempotencyKeys')
      .selectAll()
      .where('userId', '=', userId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (stored.method !== req.method || stored.path !== req.url) throw new AppError('idempotency.mismatch');
    if (stored.statusCode === null) throw new AppError('idempotency.in_progress');
    return reply
      .status(stored.statusCode)
      .header('idempotent-replayed', 'true')
      .type('application/json; charset=utf-8')
      .send(stored.response ?? '');
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const ik = req.idempotencyKey;
    if (!ik) return payload;
    const q = req.ctx.platform.db.updateTable('idempotencyKeys').where('userId', '=', ik.userId).where('key', '=', ik.key);
    if (reply.statusCode >= 500) {
      // A failure on our side: let the client retry with the same key.
      await req.ctx.platform.db.deleteFrom('idempotencyKeys').where('userId', '=', ik.userId).where('key', '=', ik.key).execute();
    } else {
      await q.set({ statusCode: reply.statusCode, response: typeof payload === 'string' ? payload : null }).execute();
    }
    return payload;
  });
}
