// HTTP face of the sales area: pipelines and opportunities.
import { z } from 'zod';
import {
  Board, BoardQuery, IdParams, Opportunity, OpportunityClose, OpportunityWatch, OpportunityWatchers, OpportunityCreate, OpportunityListQuery, OpportunityPatch, OpportunityReopen,
  Page, Pipeline, PipelineCreate, PipelinePatch, StageHistory,
} from '@kehu/shared';
import type { KehuApp } from '../../app.js';
import { etag, expectedVersion } from '../../platform/http/version.js';
import * as pipelines from './pipelines.service.js';
import * as opportunities from './opportunities.service.js';
import { opportunityWatchers, watchOpportunity } from './opportunity-watchers.js';
import './timeline.js';

const NoContent = z.null().describe('No content');

export function salesRoutes(app: KehuApp) {
  const pipelineTags = ['pipelines'];
  app.get('/api/v1/pipelines', { schema: { tags: pipelineTags, response: { 200: z.object({ data: z.array(Pipeline) }) } } },
    async (req) => ({ data: await pipelines.listPipelines(req.ctx) }));
  app.post('/api/v1/pipelines', { schema: { tags: pipelineTags, body: PipelineCreate, response: { 201: Pipeline } } },
    async (req, reply) => reply.status(201).send(await pipelines.createPipeline(req.ctx, req.body)));
  app.get('/api/v1/pipelines/:id', { schema: { tags: pipelineTags, params: IdParams, response: { 200: Pipeline } } }, async (req, reply) => {
    const pipeline = await pipelines.getPipeline(req.ctx, req.params.id);
    reply.header('etag', etag(pipeline.version));
    return pipeline;
  });
  app.patch('/api/v1/pipelines/:id', { schema: { tags: pipelineTags, params: IdParams, body: PipelinePatch, response: { 200: Pipeline } } },
    (req) => pipelines.updatePipeline(req.ctx, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)));

  const tags = ['opportunities'];
  app.get('/api/v1/opportunities', { schema: { tags, querystring: OpportunityListQuery, response: { 200: Page(Opportunity) } } },
    (req) => opportunities.listOpportunities(req.ctx, req.query));
  app.get('/api/v1/opportunities/board', { schema: { tags, querystring: BoardQuery, response: { 200: Board } } },
    (req) => opportunities.opportunityBoard(req.ctx, req.query));
  app.post('/api/v1/opportunities', { schema: { tags, body: OpportunityCreate, response: { 201: Opportunity } } },
    async (req, reply) => reply.status(201).send(await opportunities.createOpportunity(req.ctx, req.body)));
  app.get('/api/v1/opportunities/:id', { schema: { tags, params: IdParams, response: { 200: Opportunity } } }, async (req, reply) => {
    const opportunity = await opportunities.getOpportunity(req.ctx, req.params.id);
    reply.header('etag', etag(opportunity.version));
    return opportunity;
  });
  app.patch('/api/v1/opportunities/:id', { schema: { tags, params: IdParams, body: OpportunityPatch, response: { 200: Opportunity } } },
    (req) => opportunities.updateOpportunity(req.ctx, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)));
  app.post('/api/v1/opportunities/:id/close', { schema: { tags, params: IdParams, body: OpportunityClose, response: { 200: Opportunity } } },
    (req) => opportunities.closeOpportunity(req.ctx, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)));
  app.post('/api/v1/opportunities/:id/reopen', { schema: { tags, params: IdParams, body: OpportunityReopen, response: { 200: Opportunity } } },
    (req) => opportunities.reopenOpportunity(req.ctx, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)));
  app.get('/api/v1/opportunities/:id/watchers', { schema: { tags, params: IdParams, response: { 200: OpportunityWatchers } } },
    (req) => opportunityWatchers(req.ctx, req.params.id));
  app.put('/api/v1/opportunities/:id/watch', { schema: { tags, params: IdParams, body: OpportunityWatch, response: { 200: OpportunityWatchers } } },
    (req) => watchOpportunity(req.ctx, req.params.id, req.body.watching));
  app.get('/api/v1/opportunities/:id/stages', { schema: { tags, params: IdParams, response: { 200: StageHistory } } },
    (req) => opportunities.opportunityStages(req.ctx, req.params.id));
  app.delete('/api/v1/opportunities/:id', { schema: { tags, params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await opportunities.deleteOpportunity(req.ctx, req.params.id);
    return reply.status(204).send(null);
  });
}
