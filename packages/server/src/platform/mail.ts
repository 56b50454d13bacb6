// Outgoing email over SMTP (KEHU_SMTP_URL, e.g. smtp://user:pass@mail.example.com:587).
// Without it mail is off: callers check mailEnabled() and skip, nothing is queued for nobody.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Platform } from './context.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

const transports = new WeakMap<Platform['config'], Transporter>();

function transport(platform: Platform): Transporter | null {
  const { config } = platform;
  if (!config.smtpUrl) return null;
  let t = transports.get(config);
  if (!t) {
    t = nodemailer.createTransport(config.smtpUrl);
    transports.set(config, t);
  }
  return t;
}

export function mailEnabled(platform: Platform): boolean {
  return platform.config.smtpUrl !== null;
}

/** Sends one message; throws when the server refuses, so the job that sends it tries again later. */
export async function sendMail(platform: Platform, message: MailMessage): Promise<void> {
  const t = transport(platform);
  if (!t) return;
  await t.sendMail({ from: platform.config.mailFrom, ...message });
}
