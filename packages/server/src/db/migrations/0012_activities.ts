// Activities, tasks, comments, notifications and calendar feeds.
import type { Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>, dialect) {
    const t = dialect === 'postgres' ? { time: 'timestamptz', json: 'jsonb' } as const : { time: 'text', json: 'text' } as const;
    const index = (name: string, table: string, columns: string[]) => db.schema.createIndex(name).on(table).columns(columns).execute();

    await db.schema.createTable('activities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('contact_id', 'text')
      .addColumn('related_type', 'text')
      .addColumn('related_id', 'text')
      .addColumn('subject', 'text')
      .addColumn('body', 'text')
      .addColumn('occurred_at', t.time, (c) => c.notNull())
      .addColumn('ends_at', t.time)
      .addColumn('direction', 'text')
      .addColumn('duration_seconds', 'integer')
      .addColumn('outcome', 'text')
      .addColumn('location', 'text')
      .addColumn('is_private', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('team_id', 'text')
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('deleted_at', t.time)
      .execute();
    await index('activities_customer_idx', 'activities', ['customer_id', 'occurred_at', 'id']);
    await index('activities_owner_idx', 'activities', ['owner_id', 'occurred_at']);
    await index('activities_related_idx', 'activities', ['related_type', 'related_id']);

    await db.schema.createTable('activity_attendees')
      .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id'))
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('activity_attendees_pk', ['activity_id', 'user_id'])
      .execute();
    await index('activity_attendees_user_idx', 'activity_attendees', ['user_id']);

    await db.schema.createTable('tasks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('assignee_id', 'text', (c) => c.notNull())
      .addColumn('team_id', 'text')
      .addColumn('due_at', t.time)
      .addColumn('priority', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('completed_at', t.time)
      .addColumn('remind_at', t.time)
      .addColumn('reminded_at', t.time)
      .addColumn('recurrence', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text')
      .addColumn('related_type', 'text')
      .addColumn('related_id', 'text')
      .addColumn('checklist', t.json, (c) => c.notNull())
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('deleted_at', t.time)
      .execute();
    await index('tasks_assignee_idx', 'tasks', ['assignee_id', 'due_at', 'id']);
    await index('tasks_team_idx', 'tasks', ['team_id', 'due_at', 'id']);
    await index('tasks_customer_idx', 'tasks', ['customer_id', 'created_at', 'id']);

    await db.schema.createTable('task_watchers')
      .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('task_watchers_pk', ['task_id', 'user_id'])
      .execute();
    await index('task_watchers_user_idx', 'task_watchers', ['user_id']);

    await db.schema.createTable('comments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('object_type', 'text', (c) => c.notNull())
      .addColumn('object_id', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('mentions', t.json, (c) => c.notNull())
      .addColumn('author_id', 'text')
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('deleted_at', t.time)
      .execute();
    await index('comments_object_idx', 'comments', ['object_type', 'object_id', 'created_at', 'id']);
    await index('comments_customer_idx', 'comments', ['customer_id', 'created_at', 'id']);

    await db.schema.createTable('notifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('actor_name', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text')
      .addColumn('link_type', 'text', (c) => c.notNull())
      .addColumn('link_id', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text')
      .addColumn('read_at', t.time)
      .addColumn('created_at', t.time, (c) => c.notNull())
      .execute();
    await index('notifications_user_idx', 'notifications', ['user_id', 'id']);

    await db.schema.createTable('notification_preferences')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
      .addColumn('settings', t.json, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .execute();

    await db.schema.createTable('calendar_feeds')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('created_at', t.time, (c) => c.notNull())
      .execute();
  },
};
