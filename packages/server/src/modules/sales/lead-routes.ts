// HTTP face of leads: the leads themselves, scoring and routing settings, web-to-lead forms,
// and the public side of those forms (their data, submissions and the hosted page).
import { z } from 'zod';
import {
  IdParams, Lead, LeadConversion, LeadConvert, LeadCreate, LeadDisqualify, LeadDuplicate, LeadDuplicateCheck, LeadForm, LeadFormCreate, LeadFormPatch,
  LeadFormSubmission, LeadFormSubmitted, LeadListQuery, LeadPatch, LeadReroute, Page, PublicLeadForm, RerouteResult, RoutingSettings, ScoringSettings, Version, locales,
} from '@kehu/shared';
import type { KehuApp } from '../../app.js';
import { etag, expectedVersion } from '../../platform/http/version.js';
import * as leads from './leads.service.js';
import * as forms from './lead-forms.service.js';
import { convertLead } from './lead-conversion.js';
import { getScoringSettings, updateScoringSettings } from './lead-scoring.js';
import { getRoutingSettings, rerouteLeads, updateRoutingSettings } from './lead-routing.js';
import { hostedFormPage, hostedFormScript } from './lead-form-page.js';
import { requirePermission } from '../../platform/authz/index.js';
import { AppError } from '../../platform/http/errors.js';

const NoContent = z.null().describe('No content');
const VersionBody = z.object({ version: Version.optional() });

export function leadRoutes(app: KehuApp) {
  const tags = ['leads'];
  app.get('/api/v1/leads', { schema: { tags, querystring: LeadListQuery, response: { 200: Page(Lead) } } },
    (req) => leads.listLeads(req.ctx, req.query));
  app.post('/api/v1/leads', { schema: { tags, body: LeadCreate, response: { 201: Lead } } },
    async (req, reply) => reply.status(201).send(await leads.createLead(req.ctx, req.body)));
  app.post('/api/v1/leads/duplicates', { schema: { tags, body: LeadDuplicateCheck, response: { 200: z.object({ data: z.array(LeadDuplicate) }) } } },
    async (req) => ({ data: await leads.leadDuplicates(req.ctx, req.body) }));
  app.post('/api/v1/leads/reroute', { schema: { tags, body: LeadReroute, response: { 200: RerouteResult } } },
    (req) => rerouteLeads(req.ctx, req.body, leads.assignRouted));
  app.get('/api/v1/leads/:id', { schema: { tags, params: IdParams, response: { 200: Lead } } }, async (req, reply) => {
    const lead = await leads.getLead(req.ctx, req.params.id);
    reply.header('etag', etag(lead.version));
    return lead;
  });
  app.patch('/api/v1/leads/:id', { schema: { tags, params: IdParams, body: LeadPatch, response: { 200: Lead } } },
    (req) => leads.updateLead(req.ctx, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)));
  app.post('/api/v1/leads/:id/disqualify', { schema: { tags, params: IdParams, body: LeadDisqualify, response: { 200: Lead } } },
    (req) => leads.disqualifyLead(req.ctx, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)));
  app.post('/api/v1/leads/:id/reopen', { schema: { tags, params: IdParams, body: VersionBody, response: { 200: Lead } } },
    (req) => leads.reopenLead(req.ctx, req.params.id, expectedVersion(req.headers['if-match'], req.body.version)));
  app.post('/api/v1/leads/:id/convert', { schema: { tags, params: IdParams, body: LeadConvert, response: { 200: LeadConversion } } },
    (req) => convertLead(req.ctx, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)));
  app.delete('/api/v1/leads/:id', { schema: { tags, params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await leads.deleteLead(req.ctx, req.params.id);
    return reply.status(204).send(null);
  });

  const settingsTags = ['lead settings'];
  app.get('/api/v1/lead-scoring', { schema: { tags: settingsTags, response: { 200: ScoringSettings } } }, (req) => {
    requirePermission(req.ctx, 'leads:read');
    return getScoringSettings(req.ctx);
  });
  app.put('/api/v1/lead-scoring', { schema: { tags: settingsTags, body: ScoringSettings, response: { 200: ScoringSettings } } },
    (req) => updateScoringSettings(req.ctx, req.body));
  app.get('/api/v1/lead-routing', { schema: { tags: settingsTags, response: { 200: RoutingSettings } } }, (req) => {
    requirePermission(req.ctx, 'leads:read');
    return getRoutingSettings(req.ctx);
  });
  app.put('/api/v1/lead-routing', { schema: { tags: settingsTags, body: RoutingSettings, response: { 200: RoutingSettings } } },
    (req) => updateRoutingSettings(req.ctx, req.body));

  const formTags = ['lead forms'];
  app.get('/api/v1/lead-forms', { schema: { tags: formTags, response: { 200: z.object({ data: z.array(LeadForm) }) } } },
    async (req) => ({ data: await forms.listLeadForms(req.ctx) }));
  app.post('/api/v1/lead-forms', { schema: { tags: formTags, body: LeadFormCreate, response: { 201: LeadForm } } },
    async (req, reply) => reply.status(201).send(await forms.createLeadForm(req.ctx, req.body)));
  app.get('/api/v1/lead-forms/:id', { schema: { tags: formTags, params: IdParams, response: { 200: LeadForm } } }, async (req, reply) => {
    const form = await forms.getLeadForm(req.ctx, req.params.id);
    reply.header('etag', etag(form.version));
    return form;
  });
  app.patch('/api/v1/lead-forms/:id', { schema: { tags: formTags, params: IdParams, body: LeadFormPatch, response: { 200: LeadForm } } },
    (req) => forms.updateLeadForm(req.ctx, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)));
  app.delete('/api/v1/lead-forms/:id', { schema: { tags: formTags, params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await forms.deleteLeadForm(req.ctx, req.params.id);
    return reply.status(204).send(null);
  });

  // Anonymous visitors: no session, no CSRF token; limited per visitor by the service.
  const open = { config: { public: true } };
  app.get('/api/v1/public/lead-forms/:id', { ...open, schema: { tags: formTags, params: IdParams, response: { 200: PublicLeadForm } } },
    (req) => forms.publicLeadForm(req.ctx, req.params.id));
  app.post('/api/v1/public/lead-forms/:id/submissions', { ...open, schema: { tags: formTags, params: IdParams, body: LeadFormSubmission, response: { 200: LeadFormSubmitted } } },
    (req) => forms.submitLeadForm(req.ctx, req.params.id, req.body));
}

/** The hosted form page and its script, outside the API and the web app, embeddable in any site. */
export function hostedFormRoutes(app: KehuApp) {
  const embeddable = (reply: { header: (k: string, v: string) => unknown; removeHeader: (k: string) => unknown }) => {
    reply.removeHeader('x-frame-options');
    reply.header('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors *; base-uri 'none'; object-src 'none'");
  };
  app.get('/forms/form.js', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    embeddable(reply);
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(hostedFormScript);
  });
  // ?lang= lets a site embed the form in its own page language; otherwise the browser's.
  const HostedQuery = z.object({ lang: z.enum(locales).optional(), embed: z.string().optional() });
  app.get('/forms/:id', { config: { public: true }, schema: { hide: true, params: IdParams, querystring: HostedQuery } }, async (req, reply) => {
    embeddable(reply);
    const form = await forms.publicLeadForm(req.ctx, req.params.id).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'not_found') return null;
      throw err;
    });
    return reply.status(form ? 200 : 404).header('cache-control', 'no-store').type('text/html; charset=utf-8')
      .send(hostedFormPage(req.query.lang ?? req.ctx.locale, form));
  });
}
