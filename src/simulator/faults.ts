import { UserError } from '../errors.js';
import { Prng } from './data/prng.js';

export const FAULT_KINDS = ['429', '429-bare', '500', '502', '503', 'reset', 'stall', 'malformed'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

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

  /** Replaces the spec and restarts the sequence. */
  reconfigure(spec: FaultSpec): void {
    this.spec = spec;
    this.rng = new Prng(this.seed ^ 0x5eed_fa17);
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
