// HTTP face of the shared customer pool (公海): pools and their rules, the customers waiting in
// them, claiming, assigning and releasing.
import { z } from 'zod';
import {
  CustomerPool, CustomerPoolCreate, CustomerPoolPatch, IdParams, Page, PoolAssign, PoolBatchResult, PoolClaim, PoolCustomer, PoolCustomerQuery, PoolRelease,
} from '@kehu/shared';
import type { KehuApp } from '../../app.js';
import { etag, expectedVersion } from '../../platform/http/version.js';
import * as pools from './pools.service.js';

const NoContent = z.null().describe('No content');

export function customerPoolRoutes(app: KehuApp) {
  const tags = ['customer-pools'];
  app.get('/api/v1/customer-pools', { schema: { tags, response: { 200: z.object({ data: z.array(CustomerPool) }) } } },
    async (req) => ({ data: await pools.listPools(req.ctx) }));
  app.post('/api/v1/customer-pools', { schema: { tags, body: CustomerPoolCreate, response: { 201: CustomerPool } } },
    async (req, reply) => reply.status(201).send(await pools.createPool(req.ctx, req.body)));
  app.get('/api/v1/customer-pools/:id', { schema: { tags, params: IdParams, response: { 200: CustomerPool } } }, async (req, reply) => {
    const pool = await pools.getPool(req.ctx, req.params.id);
    reply.header('etag', etag(pool.version));
    return pool;
  });
  app.patch('/api/v1/customer-pools/:id', { schema: { tags, params: IdParams, body: CustomerPoolPatch, response: { 200: CustomerPool } } },
    (req) => pools.updatePool(req.ctx, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)));
  app.delete('/api/v1/customer-pools/:id', { schema: { tags, params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await pools.deletePool(req.ctx, req.params.id);
    return reply.status(204).send(null);
  });
  app.get('/api/v1/customer-pools/:id/customers', { schema: { tags, params: IdParams, querystring: PoolCustomerQuery, response: { 200: Page(PoolCustomer) } } },
    (req) => pools.listPoolCustomers(req.ctx, req.params.id, req.query));
  app.post('/api/v1/customer-pools/:id/claim', {
    schema: { tags, params: IdParams, body: PoolClaim, response: { 200: PoolBatchResult }, description: 'Claims customers for the signed-in user; each is claimed or refused with its reason.' },
  }, (req) => pools.claimCustomers(req.ctx, req.params.id, req.body.customerIds));
  app.post('/api/v1/customer-pools/:id/assign', {
    schema: { tags, params: IdParams, body: PoolAssign, response: { 200: PoolBatchResult }, description: 'A manager (customers:assign) hands waiting customers to a user.' },
  }, (req) => pools.assignFromPool(req.ctx, req.params.id, req.body));
  app.post('/api/v1/customers/release', {
    schema: { tags, body: PoolRelease, response: { 200: PoolBatchResult }, description: 'The owner (or a manager) puts customers back in their pool, with a reason.' },
  }, (req) => pools.releaseCustomers(req.ctx, req.body));
}
