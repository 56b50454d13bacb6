// The live stream (GET /api/v1/events/stream, Server-Sent Events): each open browser tab
// hears its user's unread notification count whenever it changes. Notifications may be
// written by any server or worker process, so each process looks at the counts of the users
// connected to it once a second (one grouped query), and a write in this process wakes it
// at once.
import type { FastifyReply } from 'fastify';
import type { KehuApp } from '../app.js';
import { requireActor } from './authz/index.js';
import { systemCtx, type Platform } from './context.js';
import { unreadCounts } from './notifications.js';

const pollMs = 1000;
const keepAliveMs = 25_000;

interface Client {
  reply: FastifyReply;
  userId: string;
  lastSent: number | null;
}

export class LiveHub {
  private clients = new Set<Client>();
  private timer: NodeJS.Timeout | null = null;
  private keepAlive: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private platform: Platform) {}

  add(client: Client): void {
    this.clients.add(client);
    this.timer ??= setInterval(() => void this.refresh(), pollMs);
    this.keepAlive ??= setInterval(() => { for (const c of this.clients) c.reply.raw.write(': keep-alive\n\n'); }, keepAliveMs);
    void this.refresh();
  }

  remove(client: Client): void {
    this.clients.delete(client);
    if (!this.clients.size) this.stop();
  }

  /** Sends every connected user whose count changed their new count. */
  refresh(): Promise<void> {
    this.running ??= (async () => {
      try {
        const clients = [...this.clients];
        const counts = await unreadCounts(systemCtx(this.platform), [...new Set(clients.map((c) => c.userId))]);
        for (const c of clients) {
          const unread = counts.get(c.userId) ?? 0;
          if (c.lastSent === unread) continue;
          c.lastSent = unread;
          c.reply.raw.write(`event: unread\ndata: ${JSON.stringify({ unread })}\n\n`);
        }
      } catch {
        // The database may be closing during shutdown; the next tick tries again.
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.timer = this.keepAlive = null;
  }

  close(): void {
    for (const c of this.clients) c.reply.raw.end();
    this.clients.clear();
    this.stop();
  }
}

export function liveRoutes(app: KehuApp, hub: LiveHub): void {
  app.get('/api/v1/events/stream', { schema: { tags: ['notifications'], produces: ['text/event-stream'], description: 'Server-Sent Events: `unread` with `{ unread }` whenever the count changes.' } },
    async (req, reply) => {
      const { userId } = requireActor(req.ctx);
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      reply.raw.write('retry: 3000\n\n');
      const client: Client = { reply, userId, lastSent: null };
      hub.add(client);
      req.raw.on('close', () => hub.remove(client));
    });
  app.addHook('onClose', async () => hub.close());
}
