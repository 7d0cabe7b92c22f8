import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../src/simulator/index.js';

/** A fixed clock, so data (and expectations) do not depend on when the tests run. */
export const NOW = Date.UTC(2026, 0, 15, 12);

export async function withSim(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ now: NOW, ...options });
}

export function client(sim: RunningSimulator) {
  return async (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) => {
    const response = await fetch(sim.url + path, {
      ...init,
      headers: { 'x-api-key': sim.apiKey, ...(init.headers ?? {}) },
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    // biome-ignore lint/suspicious/noExplicitAny: test bodies are inspected structurally
    return { status: response.status, headers: response.headers, body: body as any, text };
  };
}
