// HTTP face of activities, tasks, comments and the calendar.
import { z } from 'zod';
import {
  Activity, ActivityCreate, ActivityListQuery, ActivityPatch, CalendarEvent, CalendarFeed, CalendarQuery, Comment, CommentCreate, CommentListQuery,
  IdParams, Page, Task, TaskBulkReassign, TaskBulkResult, TaskCounts, TaskCreate, TaskListQuery, TaskPatch,
} from '@kehu/shared';
import type { KehuApp } from '../../app.js';
import { AppError } from '../../platform/http/errors.js';
import { etag, expectedVersion } from '../../platform/http/version.js';
import * as activities from './activities.service.js';
import * as tasks from './tasks.service.js';
import * as comments from './comments.service.js';
import * as calendar from './calendar.service.js';
import './timeline.js';

const NoContent = z.null().describe('No content');

export function activityRoutes(app: KehuApp) {
  const tags = ['activities'];
  app.get('/api/v1/activities', { schema: { tags, querystring: ActivityListQuery, response: { 200: Page(Activity) } } },
    (req) => activities.listActivities(req.ctx, req.query));
  app.post('/api/v1/activities', { schema: { tags, body: ActivityCreate, response: { 201: Activity } } },
    async (req, reply) => reply.status(201).send(await activities.createActivity(req.ctx, req.body)));
  app.get('/api/v1/activities/:id', { schema: { tags, params: IdParams, response: { 200: Activity } } }, async (req, reply) => {
    const activity = await activities.getActivity(req.ctx, req.params.id);
    reply.header('etag', etag(activity.version));
    return activity;
  });
  app.patch('/api/v1/activities/:id', { schema: { tags, params: IdParams, body: ActivityPatch, response: { 200: Activity } } },
    (req) => activities.updateActivity(req.ctx, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)));
  app.delete('/api/v1/activities/:id', { schema: { tags, params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await activities.deleteActivity(req.ctx, req.params.id);
    return reply.status(204).send(null);
  });

  const taskTags = ['tasks'];
  app.get('/api/v1/tasks', { schema: { tags: taskTags, querystring: TaskListQuery, response: { 200: Page(Task) } } },
    (req) => tasks.listTasks(req.ctx, req.query));
  app.get('/api/v1/tasks/counts', { schema: { tags: taskTags, querystring: TaskListQuery.pick({ view: true, assigneeId: true }), response: { 200: TaskCounts } } },
    (req) => tasks.countTasks(req.ctx, req.query));
  app.post('/api/v1/tasks', { schema: { tags: taskTags, body: TaskCreate, response: { 201: Task } } },
    async (req, reply) => reply.status(201).send(await tasks.createTask(req.ctx, req.body)));
  app.post('/api/v1/tasks/reassign', { schema: { tags: taskTags, body: TaskBulkReassign, response: { 200: TaskBulkResult } } },
    (req) => tasks.reassignTasks(req.ctx, req.body));
  app.get('/api/v1/tasks/:id', { schema: { tags: taskTags, params: IdParams, response: { 200: Task } } }, async (req, reply) => {
    const task = await tasks.getTask(req.ctx, req.params.id);
    reply.header('etag', etag(task.version));
    return task;
  });
  app.patch('/api/v1/tasks/:id', { schema: { tags: taskTags, params: IdParams, body: TaskPatch, response: { 200: Task } } },
    (req) => tasks.updateTask(req.ctx, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)));
  app.delete('/api/v1/tasks/:id', { schema: { tags: taskTags, params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await tasks.deleteTask(req.ctx, req.params.id);
    return reply.status(204).send(null);
  });

  const commentTags = ['comments'];
  app.get('/api/v1/comments', { schema: { tags: commentTags, querystring: CommentListQuery, response: { 200: Page(Comment) } } },
    (req) => comments.listComments(req.ctx, req.query));
  app.post('/api/v1/comments', { schema: { tags: commentTags, body: CommentCreate, response: { 201: Comment } } },
    async (req, reply) => reply.status(201).send(await comments.createComment(req.ctx, req.body)));
  app.delete('/api/v1/comments/:id', { schema: { tags: commentTags, params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await comments.deleteComment(req.ctx, req.params.id);
    return reply.status(204).send(null);
  });

  const calendarTags = ['calendar'];
  app.get('/api/v1/calendar', { schema: { tags: calendarTags, querystring: CalendarQuery, response: { 200: z.object({ data: z.array(CalendarEvent) }) } } },
    async (req) => ({ data: await calendar.calendarEvents(req.ctx, req.query) }));
  app.get('/api/v1/calendar/feed', { schema: { tags: calendarTags, response: { 200: CalendarFeed } } },
    (req) => calendar.getFeed(req.ctx));
  app.post('/api/v1/calendar/feed', { schema: { tags: calendarTags, response: { 200: CalendarFeed } } },
    (req) => calendar.rotateFeed(req.ctx));
  app.delete('/api/v1/calendar/feed', { schema: { tags: calendarTags, response: { 204: NoContent } } }, async (req, reply) => {
    await calendar.deleteFeed(req.ctx);
    return reply.status(204).send(null);
  });
  // The secret in the address is the credential: calendar apps cannot sign in.
  app.get('/api/v1/calendar/feed/:file', {
    config: { public: true },
    schema: { tags: calendarTags, params: z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{16,100}\.ics$/) }), produces: ['text/calendar'], response: { 200: z.string().describe('iCalendar') } },
  }, async (req, reply) => {
    const body = await calendar.feedCalendar(req.ctx.platform, req.params.file.slice(0, -4));
    if (body === null) throw new AppError('not_found', { object: 'record' });
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(body);
  });
}
