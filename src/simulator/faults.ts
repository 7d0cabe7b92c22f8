import { UserError } from '../errors.js';
import { Prng } from './data/prng.js';

/**
 * The faults the simulator can inject, each drawn per request with its rate:
 * - `429`: 429 Too Many Requests with `Retry-After: 1`; `429-bare`: the same without Retry-After.
 * - `500`, `502`, `503`: that status with an Error body.
 * - `reset`: the connection is destroyed without an answer. `stall`: no answer until the simulator closes.
 * - `malformed`: 200 with the JSON body cut in half.
 * - `totalcount`: a v1 list (`{totalCount, results}`) whose totalCount is wrong, too high or too low by a
 *   few rows or by a page or more; the rows themselves are right.
 * - `shift`: a list answered as if k rows (1 to 3, sometimes up to 20, at most `skip`) had been added or
 *   removed before the requested `skip`, so the window overlaps the previous page (duplicates) or skips
 *   rows (missing ones); a v1 list's totalCount moves by k with it. At skip 0 nothing lies before the
 *   window: a v1 list then reports k rows more or fewer (added or removed after the window), and a v2 list
 *   (a bare array, no total) is left alone.
 * `totalcount` and `shift` apply to list requests only; drawn for any other request, they are not
 * injected and not counted.
 */
export const FAULT_KINDS = [
  '429',
  '429-bare',
  '500',
  '502',
  '503',
  'reset',
  'stall',
  'malformed',
  'totalcount',
  'shift',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * How a `totalcount` or `shift` fault bends one list response: `delta` is added to the true total
 * (never 0); `rows` rows are taken as added (`added`) or removed before the window.
 */
export type ListFault =
  | { kind: 'totalcount'; delta: number }
  | { kind: 'shift'; added: boolean; rows: number };

export const isListFault = (kind: FaultKind): kind is ListFault['kind'] =>
  kind === 'totalcount' || kind === 'shift';

export interface FaultSpec {
  /** In spec order; each rate is a probability per request. */
  faults: { kind: FaultKind; rate: number }[];
}

const isKind = (k: string): k is FaultKind => (FAULT_KINDS as readonly string[]).includes(k);

/** Parses `KIND:RATE[,KIND:RATE…]`, e.g. `429:0.1,reset:0.02`. An empty spec means no faults. */
export function parseFaultSpec(spec: string): FaultSpec {
  const faults: FaultSpec['faults'] = [];
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const colon = part.lastIndexOf(':');
    const kind = colon < 0 ? part : part.slice(0, colon);
    const rateText = colon < 0 ? '' : part.slice(colon + 1);
    if (!isKind(kind))
      throw new UserError(`unknown fault kind '${kind}' in --faults; use ${FAULT_KINDS.join(', ')}`);
    const rate = Number(rateText);
    if (rateText === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
      throw new UserError(
        `fault rate for '${kind}' in --faults must be a number from 0 to 1, got '${rateText}'`,
      );
    }
    if (faults.some((f) => f.kind === kind))
      throw new UserError(`fault kind '${kind}' appears twice in --faults`);
    faults.push({ kind, rate });
  }
  const total = faults.reduce((sum, f) => sum + f.rate, 0);
  if (total > 1 + 1e-9) throw new UserError(`fault rates in --faults add up to ${total}, more than 1`);
  return { faults };
}

/**
 * Decides, request by request, which fault (if any) to inject. One draw per request from a PRNG seeded
 * with the simulator's seed, so the same request sequence meets the same faults.
 */
export class FaultInjector {
  private rng: Prng;

  constructor(
    private spec: FaultSpec,
    private readonly seed: number,
  ) {
    this.rng = new Prng(seed ^ 0x5eed_fa17);
  }

  /** Replaces the spec (when given) and restarts the sequence, from `seed` when given, else the simulator's. */
  reconfigure(spec?: FaultSpec, seed = this.seed): void {
    if (spec) this.spec = spec;
    this.rng = new Prng(seed ^ 0x5eed_fa17);
  }

  /**
   * The shape of a `totalcount` or `shift` fault (how far off, which way), drawn from the same
   * sequence right after its kind: a second sequence seeded from the same seed correlated with the
   * first (four shifts in a row came out alike).
   */
  listFault(kind: ListFault['kind']): ListFault {
    const sign = this.rng.chance(0.5) ? 1 : -1;
    if (kind === 'totalcount') {
      // A few rows off, or a page (100) or more.
      const size = this.rng.chance(0.5) ? this.rng.int(1, 5) : this.rng.int(100, 250);
      return { kind, delta: sign * size };
    }
    const rows = this.rng.chance(0.8) ? this.rng.int(1, 3) : this.rng.int(4, 20);
    return { kind, added: sign > 0, rows };
  }

  next(): FaultKind | undefined {
    if (this.spec.faults.length === 0) return undefined;
    let r = this.rng.next();
    for (const { kind, rate } of this.spec.faults) {
      if (r < rate) return kind;
      r -= rate;
    }
    return undefined;
  }
}
