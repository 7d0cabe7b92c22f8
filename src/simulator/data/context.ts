import type { Prng } from './prng.js';
import { CREATION_END, CREATION_START, objectId } from './time.js';

/** Object kinds, folded into each ObjectId so ids never collide across collections or orgs. */
export const Kind = {
  org: 0,
  user: 1,
  system: 2,
  userGroup: 3,
  systemGroup: 4,
  application: 5,
  radius: 6,
  sshKey: 7,
  misc: 8,
  event: 9,
  ldapServer: 10,
  command: 12,
  commandResult: 13,
  softwareApp: 14,
  softwareAppStatus: 15,
} as const;

/** Everything one organization's generator shares. */
export interface OrgContext {
  rng: Prng;
  index: number;
  orgId: string;
  orgName: string;
  domain: string;
  now: number;
  serial: number;
}

export function nextId(ctx: OrgContext, kind: number, createdMs: number): string {
  ctx.serial += 1;
  return objectId(createdMs, ctx.serial, (ctx.index << 4) | kind);
}

/** `count` creation times, ascending, spread over the (absolute) creation window. */
export function creationTimes(ctx: OrgContext, count: number, from = CREATION_START): number[] {
  const span = CREATION_END - from;
  const times: number[] = new Array(count);
  const step = span / Math.max(count, 1);
  for (let i = 0; i < count; i++) times[i] = Math.floor(from + i * step + ctx.rng.next() * step * 0.9);
  return times;
}

export const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
