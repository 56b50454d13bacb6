// Password hashing (argon2id) and the password policy.
import { hash, verify, type Options } from '@node-rs/argon2';
import type { FieldIssue } from '../http/errors.js';

// Argon2id (algorithm 2) with OWASP's recommended minimum cost.
const options: Options = { algorithm: 2 as Options['algorithm'], memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal which emails exist. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('kehu-dummy-password-0');
  return dummyHash;
}

/** Rules beyond the shared schema's length and character classes (which need the user's data). */
export function passwordPolicyIssues(password: string, email: string, path = 'password'): FieldIssue[] {
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 3 && password.toLowerCase().includes(local)) {
    return [{ path, code: 'contains_email', messageKey: 'password.contains_email' }];
  }
  return [];
}
