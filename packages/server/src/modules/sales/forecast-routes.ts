// HTTP face of forecasting: the forecast, managers' adjustments, quotas, pipeline figures.
import { z } from 'zod';
import {
  Forecast, ForecastAdjustment, ForecastAdjustmentCreate, ForecastAdjustmentListQuery, ForecastQuery, IdParams, Page, PipelineStats, PipelineStatsQuery,
  Quota, QuotaCreate, QuotaListQuery, QuotaPatch,
} from '@kehu/shared';
import type { KehuApp } from '../../app.js';
import { etag, expectedVersion } from '../../platform/http/version.js';
import * as forecasts from './forecasts.service.js';
import { pipelineStats } from './pipeline-stats.service.js';

const NoContent = z.null().describe('No content');

export function forecastRoutes(app: KehuApp) {
  const tags = ['forecasts'];
  app.get('/api/v1/forecasts', { schema: { tags, querystring: ForecastQuery, response: { 200: Forecast } } },
    (req) => forecasts.computeForecast(req.ctx, req.query));
  app.get('/api/v1/forecasts/adjustments', { schema: { tags, querystring: ForecastAdjustmentListQuery, response: { 200: Page(ForecastAdjustment) } } },
    (req) => forecasts.listAdjustments(req.ctx, req.query));
  app.post('/api/v1/forecasts/adjustments', { schema: { tags, body: ForecastAdjustmentCreate, response: { 201: ForecastAdjustment } } },
    async (req, reply) => reply.status(201).send(await forecasts.adjustForecast(req.ctx, req.body)));
  app.get('/api/v1/pipeline-stats', { schema: { tags, querystring: PipelineStatsQuery, response: { 200: PipelineStats } } },
    (req) => pipelineStats(req.ctx, req.query));

  const quotaTags = ['quotas'];
  app.get('/api/v1/quotas', { schema: { tags: quotaTags, querystring: QuotaListQuery, response: { 200: Page(Quota) } } },
    (req) => forecasts.listQuotas(req.ctx, req.query));
  app.post('/api/v1/quotas', { schema: { tags: quotaTags, body: QuotaCreate, response: { 201: Quota } } },
    async (req, reply) => reply.status(201).send(await forecasts.createQuota(req.ctx, req.body)));
  app.get('/api/v1/quotas/:id', { schema: { tags: quotaTags, params: IdParams, response: { 200: Quota } } }, async (req, reply) => {
    const quota = await forecasts.getQuota(req.ctx, req.params.id);
    reply.header('etag', etag(quota.version));
    return quota;
  });
  app.patch('/api/v1/quotas/:id', { schema: { tags: quotaTags, params: IdParams, body: QuotaPatch, response: { 200: Quota } } },
    (req) => forecasts.updateQuota(req.ctx, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)));
  app.delete('/api/v1/quotas/:id', { schema: { tags: quotaTags, params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await forecasts.deleteQuota(req.ctx, req.params.id);
    return reply.status(204).send(null);
  });
}
