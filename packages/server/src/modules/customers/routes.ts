// HTTP face of customers and contacts.
import { z } from 'zod';
import {
  AuditEvent, Contact, ContactCreate, ContactListQuery, ContactPatch, Customer, CustomerCreate, CustomerListQuery,
  customerExportColumns, ExportJob, Picklist, PicklistParams, PicklistUpdate, CustomField, CustomFieldCreate, CustomerMerge, CustomerMergeResult, DuplicateClusterPage, Import, ImportListQuery, ImportObject, ImportPreview, ImportRejectedRow, ImportSettings, ImportStart,
  SavedImportMapping, SavedImportMappingCreate, TimelineItem, TimelineQuery, CustomFieldListQuery, CustomFieldPatch, CustomerBulkAction, CustomerBulkResult, CustomerCount, CustomerExportQuery, CustomerPatch, DuplicateCheck, DuplicateMatch, IdParams, ListQuery, Page,
} from '@kehu/shared';
import type { KehuApp } from '../../app.js';
import { etag, expectedVersion } from '../../platform/http/version.js';
import { AppError, errors } from '../../platform/http/errors.js';
import * as customers from './service.js';
import * as contacts from './contacts.service.js';
import './search.js';
import './timeline.js';
import { findDuplicates, listDuplicateClusters, refreshDuplicateClusters } from './duplicates.service.js';
import { mergeCustomers } from './merge.service.js';
import { registerViewableList } from '../../platform/saved-views.js';
import { listPicklists, updatePicklist } from './picklists.service.js';

registerViewableList('customers', {
  permission: 'customers:read',
  query: CustomerListQuery.omit({ limit: true, cursor: true }),
  columns: customerExportColumns,
});
import { exportCustomers, exportFile, getExport, startExport } from './export.service.js';
import { bulkUpdateCustomers } from './bulk.service.js';
import * as customFields from './custom-fields.service.js';
import * as imports from './import.service.js';


const NoContent = z.null().describe('No content');

export function customerRoutes(app: KehuApp) {
  const tags = ['customers'];
  app.get('/api/v1/customers', { schema: { tags, querystring: CustomerListQuery, response: { 200: Page(Customer) } } },
    (req) => customers.listCustomers(req.ctx, req.query));
  app.post('/api/v1/customers', { schema: { tags, body: CustomerCreate, response: { 201: Customer } } },
    async (req, reply) => reply.status(201).send(await customers.createCustomer(req.ctx, req.body)));
  app.get('/api/v1/customers/export', {
    schema: {
      tags,
      querystring: CustomerExportQuery,
      produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      response: { 200: z.any().describe('The file, streamed') },
    },
  }, async (req, reply) => {
    const file = await exportCustomers(req.ctx, req.query);
    return reply
      .type(file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .send(file.stream);
  });
  app.post('/api/v1/customers/exports', { schema: { tags, body: CustomerExportQuery, response: { 202: ExportJob } } },
    async (req, reply) => reply.status(202).send(await startExport(req.ctx, req.body)));
  app.get('/api/v1/customers/exports/:id', { schema: { tags, params: IdParams, response: { 200: ExportJob } } },
    (req) => getExport(req.ctx, req.params.id));
  app.get('/api/v1/customers/exports/:id/file', {
    schema: { tags, params: IdParams, produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], response: { 200: z.any().describe('The exported file') } },
  }, async (req, reply) => {
    const file = await exportFile(req.ctx, req.params.id);
    return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.stream);
  });
  app.get('/api/v1/customers/deleted', { schema: { tags, querystring: ListQuery, response: { 200: Page(Customer) } } },
    (req) => customers.listDeletedCustomers(req.ctx, req.query));
  app.post('/api/v1/customers/:id/restore', { schema: { tags, params: IdParams, response: { 200: Customer } } },
    (req) => customers.restoreCustomer(req.ctx, req.params.id));
  app.post('/api/v1/customers/bulk', { schema: { tags, body: CustomerBulkAction, response: { 200: CustomerBulkResult } } },
    (req) => bulkUpdateCustomers(req.ctx, req.body));
  app.get('/api/v1/customers/count', { schema: { tags, querystring: CustomerListQuery.omit({ limit: true, cursor: true, sort: true }), response: { 200: CustomerCount } } },
    async (req) => ({ count: await customers.countCustomers(req.ctx, req.query) }));
  app.post('/api/v1/customers/duplicates', { schema: { tags, body: DuplicateCheck, response: { 200: z.object({ data: z.array(DuplicateMatch) }) } } },
    async (req) => ({ data: await findDuplicates(req.ctx, req.body) }));
  app.get('/api/v1/customers/duplicate-clusters', { schema: { tags, querystring: ListQuery, response: { 200: DuplicateClusterPage } } },
    (req) => listDuplicateClusters(req.ctx, req.query));
  app.post('/api/v1/customers/duplicate-clusters/refresh', { schema: { tags, response: { 202: z.object({ queued: z.boolean() }) } } },
    async (req, reply) => {
      await refreshDuplicateClusters(req.ctx);
      return reply.status(202).send({ queued: true });
    });
  app.post('/api/v1/customers/merge', { schema: { tags, body: CustomerMerge, response: { 200: CustomerMergeResult } } },
    (req) => mergeCustomers(req.ctx, req.body));
  app.get('/api/v1/customers/:id', { schema: { tags, params: IdParams, response: { 200: Customer } } }, async (req, reply) => {
    const customer = await customers.getCustomer(req.ctx, req.params.id);
    reply.header('etag', etag(customer.version));
    return customer;
  });
  app.patch('/api/v1/customers/:id', { schema: { tags, params: IdParams, body: CustomerPatch, response: { 200: Customer } } },
    (req) => customers.updateCustomer(req.ctx, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)));
  app.delete('/api/v1/customers/:id', { schema: { tags, params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await customers.deleteCustomer(req.ctx, req.params.id);
    return reply.status(204).send(null);
  });
  app.get('/api/v1/customers/:id/history', { schema: { tags, params: IdParams, querystring: ListQuery, response: { 200: Page(AuditEvent) } } },
    (req) => customers.customerHistory(req.ctx, req.params.id, req.query));
  app.get('/api/v1/customers/:id/timeline', { schema: { tags, params: IdParams, querystring: TimelineQuery, response: { 200: Page(TimelineItem) } } },
    (req) => customers.customerTimelinePage(req.ctx, req.params.id, req.query));

  const fieldTags = ['custom-fields'];
  app.get('/api/v1/custom-fields', { schema: { tags: fieldTags, querystring: CustomFieldListQuery, response: { 200: z.object({ data: z.array(CustomField) }) } } },
    async (req) => ({ data: await customFields.listCustomFields(req.ctx, req.query.object) }));
  app.post('/api/v1/custom-fields', { schema: { tags: fieldTags, body: CustomFieldCreate, response: { 201: CustomField } } },
    async (req, reply) => reply.status(201).send(await customFields.createCustomField(req.ctx, req.body)));
  app.patch('/api/v1/custom-fields/:id', { schema: { tags: fieldTags, params: IdParams, body: CustomFieldPatch, response: { 200: CustomField } } },
    (req) => customFields.updateCustomField(req.ctx, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)));

  app.get('/api/v1/picklists', { schema: { tags: fieldTags, response: { 200: z.object({ data: z.array(Picklist) }) } } },
    async (req) => ({ data: await listPicklists(req.ctx) }));
  app.put('/api/v1/picklists/:field', { schema: { tags: fieldTags, params: PicklistParams, body: PicklistUpdate, response: { 200: Picklist } } },
    (req) => updatePicklist(req.ctx, req.params.field, req.body));

  const contactTags = ['contacts'];
  app.get('/api/v1/contacts', { schema: { tags: contactTags, querystring: ContactListQuery, response: { 200: Page(Contact) } } },
    (req) => contacts.listContacts(req.ctx, req.query));
  app.post('/api/v1/contacts', { schema: { tags: contactTags, body: ContactCreate, response: { 201: Contact } } },
    async (req, reply) => reply.status(201).send(await contacts.createContact(req.ctx, req.body)));
  app.get('/api/v1/contacts/:id', { schema: { tags: contactTags, params: IdParams, response: { 200: Contact } } },
    (req) => contacts.getContact(req.ctx, req.params.id));
  app.patch('/api/v1/contacts/:id', { schema: { tags: contactTags, params: IdParams, body: ContactPatch, response: { 200: Contact } } },
    (req) => contacts.updateContact(req.ctx, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)));
  app.delete('/api/v1/contacts/:id', { schema: { tags: contactTags, params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await contacts.deleteContact(req.ctx, req.params.id);
    return reply.status(204).send(null);
  });

  importRoutes(app);
}

function importRoutes(app: KehuApp) {
  const tags = ['imports'];
  app.post('/api/v1/imports', {
    schema: {
      tags,
      consumes: ['multipart/form-data'],
      description: 'Upload a file (CSV in UTF-8 or GBK, .xlsx, or vCard) as the part `file`, after a part `object` (customers, contacts or leads).',
      response: { 201: Import },
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new AppError('unsupported_media_type');
    const part = await req.file();
    if (!part) throw errors.invalidFields({ path: 'file', code: 'required', messageKey: 'required' });
    const objectField = part.fields.object;
    const object = ImportObject.safeParse(objectField && 'value' in objectField ? objectField.value : undefined);
    if (!object.success) throw errors.invalidFields({ path: 'object', code: 'invalid', messageKey: 'option' });
    const created = await imports.uploadImport(req.ctx, { object: object.data, fileName: part.filename || 'upload.csv', source: part.file });
    if (part.file.truncated) throw new AppError('payload_too_large');
    return reply.status(201).send(created);
  });
  app.get('/api/v1/imports', { schema: { tags, querystring: ImportListQuery, response: { 200: z.object({ data: z.array(Import) }) } } },
    async (req) => ({ data: await imports.listImports(req.ctx, req.query) }));
  app.get('/api/v1/imports/:id', { schema: { tags, params: IdParams, response: { 200: Import } } },
    (req) => imports.getImport(req.ctx, req.params.id));
  app.get('/api/v1/imports/:id/sample', {
    schema: { tags, params: IdParams, querystring: z.object({ limit: z.coerce.number().int().min(1).max(20).default(5) }), response: { 200: z.object({ rows: z.array(z.array(z.string())) }) } },
  }, async (req) => ({ rows: await imports.sampleRows(req.ctx, req.params.id, req.query.limit) }));
  app.post('/api/v1/imports/:id/preview', { schema: { tags, params: IdParams, body: ImportSettings, response: { 200: ImportPreview } } },
    (req) => imports.previewImport(req.ctx, req.params.id, req.body));
  app.post('/api/v1/imports/:id/start', { schema: { tags, params: IdParams, body: ImportStart, response: { 202: Import } } },
    async (req, reply) => reply.status(202).send(await imports.startImport(req.ctx, req.params.id, req.body, req.body.version)));
  app.post('/api/v1/imports/:id/undo', { schema: { tags, params: IdParams, response: { 202: Import } } },
    async (req, reply) => reply.status(202).send(await imports.undoImport(req.ctx, req.params.id)));
  app.get('/api/v1/imports/:id/rejected', {
    schema: { tags, params: IdParams, querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(100) }), response: { 200: z.object({ data: z.array(ImportRejectedRow) }) } },
  }, async (req) => ({ data: await imports.rejectedRows(req.ctx, req.params.id, req.query.limit) }));
  app.get('/api/v1/imports/:id/rejected.csv', {
    schema: { tags, params: IdParams, produces: ['text/csv'], response: { 200: z.any().describe('The rejected rows with their reasons, as CSV') } },
  }, async (req, reply) => {
    const file = await imports.rejectedRowsFile(req.ctx, req.params.id);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .send(file.stream);
  });

  const mappingTags = ['imports'];
  app.get('/api/v1/import-mappings', { schema: { tags: mappingTags, querystring: z.object({ object: ImportObject.optional() }), response: { 200: z.object({ data: z.array(SavedImportMapping) }) } } },
    async (req) => ({ data: await imports.listSavedMappings(req.ctx, req.query.object) }));
  app.post('/api/v1/import-mappings', { schema: { tags: mappingTags, body: SavedImportMappingCreate, response: { 201: SavedImportMapping } } },
    async (req, reply) => reply.status(201).send(await imports.saveMapping(req.ctx, req.body)));
  app.delete('/api/v1/import-mappings/:id', { schema: { tags: mappingTags, params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await imports.deleteMapping(req.ctx, req.params.id);
    return reply.status(204).send(null);
  });
}
