import type { Node } from '@pgsql/types';
import { nodeOf, stringOf } from './planner-ast.js';

/**
 * Constant time expressions, evaluated by the planner so a table can narrow what it reads by a
 * time range: text literals ('2026-01-01', RFC 3339), casts of them, Postgres' now(),
 * current_timestamp, current_date and `± interval '…'`, and SQLite's datetime('now', '-7 days').
 * Text without a zone is UTC (the engines' session zone). What is not understood is undefined:
 * the condition is then not pushed, and the engine's WHERE alone decides.
 */

const DAY = 86_400_000;
/**
 * How far a bound relative to the current time is widened: the engine evaluates now() a little
 * after the planner does (and Postgres at the start of the transaction). A pushed bound only
 * narrows what is read; the engine filters the rows again, so a wider one is never wrong.
 */
export const NOW_SLACK_MS = 10 * 60_000;

export interface TimeConstant {
  ms: number;
  /** Depends on the current time (now(), current_date, 'now'). */
  relative: boolean;
}

export function timeConstantOf(
  node: Node | undefined,
  params: readonly unknown[],
  now: number,
): TimeConstant | undefined {
  const constant = nodeOf(node, 'A_Const');
  if (constant?.sval) return literal(constant.sval.sval ?? '', now);
  const param = nodeOf(node, 'ParamRef');
  if (param) {
    const value = params[(param.number ?? 0) - 1];
    if (value instanceof Date) return { ms: value.getTime(), relative: false };
    return typeof value === 'string' ? literal(value, now) : undefined;
  }
  const cast = nodeOf(node, 'TypeCast');
  if (cast) {
    const type = typeName(cast.typeName?.names);
    if (!['timestamptz', 'timestamp', 'date', 'text', 'varchar'].includes(type ?? '')) return undefined;
    const inner = timeConstantOf(cast.arg, params, now);
    return inner && type === 'date' ? { ...inner, ms: Math.floor(inner.ms / DAY) * DAY } : inner;
  }
  const value = nodeOf(node, 'SQLValueFunction');
  if (value) {
    if (value.op === 'SVFOP_CURRENT_TIMESTAMP' || value.op === 'SVFOP_LOCALTIMESTAMP')
      return { ms: now, relative: true };
    if (value.op === 'SVFOP_CURRENT_DATE') return { ms: Math.floor(now / DAY) * DAY, relative: true };
    return undefined;
  }
  const call = nodeOf(node, 'FuncCall');
  if (call) {
    const name = stringOf(call.funcname?.[call.funcname.length - 1]);
    const args = call.args ?? [];
    if (args.length === 0 && ['now', 'transaction_timestamp', 'statement_timestamp'].includes(name ?? ''))
      return { ms: now, relative: true };
    // SQLite: datetime(time, modifier…), as text 'YYYY-MM-DD HH:MM:SS'.
    if (name === 'datetime' && args.length >= 1) return sqliteDatetime(args, params, now);
    return undefined;
  }
  const expr = nodeOf(node, 'A_Expr');
  if (expr?.kind === 'AEXPR_OP') {
    const operator = stringOf(expr.name?.[0]);
    if (operator !== '+' && operator !== '-') return undefined;
    const base = timeConstantOf(expr.lexpr, params, now);
    const interval = intervalOf(expr.rexpr);
    if (!base || !interval) return undefined;
    return { ms: shift(base.ms, interval, operator === '+' ? 1 : -1), relative: base.relative };
  }
  return undefined;
}

const typeName = (names: Node[] | undefined): string | undefined =>
  names === undefined ? undefined : stringOf(names[names.length - 1]);

/** A text literal: 'now', an ISO date or timestamp, with or without zone (UTC then). */
function literal(text: string, now: number): TimeConstant | undefined {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'now') return { ms: now, relative: true };
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      trimmed,
    );
  if (!match) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = match;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return undefined;
  ms += fraction ? Math.floor(Number(fraction) * 1000) : 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
  }
  return { ms, relative: false };
}

interface Interval {
  months: number;
  ms: number;
}

const UNITS: Record<string, { months?: number; ms?: number }> = {
  second: { ms: 1000 },
  minute: { ms: 60_000 },
  hour: { ms: 3_600_000 },
  day: { ms: DAY },
  week: { ms: 7 * DAY },
  month: { months: 1 },
  year: { months: 12 },
};
const ALIASES: Record<string, string> = { sec: 'second', min: 'minute', mon: 'month', hr: 'hour' };

/** `interval '7 days'`, `'1 day 2 hours'::interval`. */
function intervalOf(node: Node | undefined): Interval | undefined {
  const cast = nodeOf(node, 'TypeCast');
  if (typeName(cast?.typeName?.names) !== 'interval' || (cast?.typeName?.typmods ?? []).length > 0)
    return undefined;
  const text = nodeOf(cast?.arg, 'A_Const')?.sval?.sval;
  return text === undefined ? undefined : parseInterval(text);
}

/** '7 days', '-1 month 2 hours', '+3 hours' (Postgres' and SQLite's modifier forms); undefined otherwise. */
export function parseInterval(text: string): Interval | undefined {
  const parts = text.trim().toLowerCase().split(/\s+/);
  if (parts.length === 0 || parts.length % 2 !== 0) return undefined;
  const interval: Interval = { months: 0, ms: 0 };
  for (let i = 0; i < parts.length; i += 2) {
    const amount = Number(parts[i]);
    let unit = parts[i + 1]!.replace(/s$/, '');
    unit = ALIASES[unit] ?? unit;
    const scale = UNITS[unit];
    if (!Number.isFinite(amount) || !scale) return undefined;
    if (scale.months) {
      if (!Number.isInteger(amount)) return undefined;
      interval.months += amount * scale.months;
    } else interval.ms += amount * scale.ms!;
  }
  return interval;
}

/** Calendar arithmetic as Postgres does it in UTC: months first (clamped to the month's end), then the rest. */
function shift(ms: number, interval: Interval, sign: 1 | -1): number {
  let result = ms;
  if (interval.months !== 0) {
    const date = new Date(ms);
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() + sign * interval.months);
    const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    date.setUTCDate(Math.min(day, last));
    result = date.getTime();
  }
  return result + sign * interval.ms;
}

/** SQLite's datetime(time, modifier…) with modifiers like '-7 days', 'start of day'. */
function sqliteDatetime(args: Node[], params: readonly unknown[], now: number): TimeConstant | undefined {
  const base = timeConstantOf(args[0], params, now);
  if (!base) return undefined;
  let ms = base.ms;
  for (const arg of args.slice(1)) {
    const modifier = nodeOf(arg, 'A_Const')?.sval?.sval?.trim().toLowerCase();
    if (modifier === undefined) return undefined;
    if (modifier === 'start of day') {
      ms = Math.floor(ms / DAY) * DAY;
      continue;
    }
    const interval = parseInterval(modifier);
    if (!interval) return undefined;
    ms = shift(ms, interval, 1);
  }
  // datetime() drops the milliseconds.
  return { ms: Math.floor(ms / 1000) * 1000, relative: base.relative };
}
