import { mkdirSync } from 'node:fs';
import { openSession, warnTo } from '../src/cli/session.js';
import {
  type EndpointRef,
  expandPath,
  HttpClient,
  JumpCloudClient,
  type ListEndpoint,
  type ListOptions,
  PagedList,
  type PathParams,
  paginateV1,
} from '../src/client/index.js';
import type { SessionConnections } from '../src/engines/engine.js';
import { ScanCache } from '../src/sdk/index.js';
import { BENCH_CONFIG_DIR } from './paths.js';
import { type SimulatorEndpoint, simulatorEnv } from './simulator.js';

/** jcsql as shipped, or the anchor plugin's request pattern (anchor-plugin.md §4.2) run by our client. */
export type Strategy = 'jcsql' | 'anchor';

/** The anchor's page size: it never sends `limit`, so the API default of 10 applies. */
const ANCHOR_PAGE_SIZE = 10;

/** The device list the anchor walks for the software tables. */
const SYSTEMS: ListEndpoint = { path: '/api/systems', paging: 'v1' };

/**
 * The connections a strategy queries through. jcsql's are built exactly as `jcsql query` builds
 * them from JUMPCLOUD_API_URL/KEY/ORG_ID (default max_concurrency, retries, cache); the anchor's
 * send one request at a time, never retry and never cache.
 */
export async function openConnections(
  strategy: Strategy,
  sim: SimulatorEndpoint,
  options: { cache: boolean; cacheMaxSizeMb?: number },
): Promise<SessionConnections> {
  if (strategy === 'jcsql') {
    mkdirSync(BENCH_CONFIG_DIR, { recursive: true });
    const cacheBound =
      options.cacheMaxSizeMb === undefined ? {} : { JCSQL_CACHE_MAX_SIZE_MB: String(options.cacheMaxSizeMb) };
    const session = await openSession({
      env: { ...simulatorEnv(sim), ...cacheBound },
      configDir: BENCH_CONFIG_DIR,
      cache: options.cache,
      warn: warnTo(process.stderr),
    });
    return session.connections;
  }
  const requests = { count: 0 };
  const http = new HttpClient({
    origin: sim.url,
    apiKey: sim.apiKey,
    orgId: sim.orgId,
    maxConcurrency: 1,
    retry: { maxAttempts: 1 },
    onRequest: () => {
      requests.count++;
    },
  });
  const handle = {
    name: 'jumpcloud',
    orgId: sim.orgId,
    client: new AnchorClient(http),
    cache: new ScanCache(300, false),
  };
  return { default: [handle], byName: new Map([[handle.name, [handle]]]), requests };
}

/**
 * Our client, paging the way the anchor plugin does: v1 lists in pages of 10 (P1), v2 lists and
 * sub-lists in pages of 10 until an empty page (P2), no API filters or fields (the anchor sends none
 * but `system_id:eq:`), and the device software tables as a walk over every device (its
 * ParentHydrate) with one System Insights listing per device, even when `device_id` is given.
 * Single gets are inherited unchanged: the anchor's are the same one request.
 */
export class AnchorClient extends JumpCloudClient {
  override list<Item>(endpoint: ListEndpoint, options: ListOptions = {}): PagedList<Item> {
    const path = expandPath(endpoint.path, options.params);
    const { signal } = options;
    switch (endpoint.paging) {
      case 'v1':
        return paginateV1<Item>(this.http, path, {
          pageSize: ANCHOR_PAGE_SIZE,
          limit: options.limit,
          signal,
          sendOrgId: endpoint.sendOrgId,
        });
      case 'v2':
        return new PagedList(() => this.#v2Pages<Item>(path, {}, signal));
      case 'insights': {
        const wanted = options.filters?.find((filter) => filter.field === 'system_id')?.values.map(String);
        const devices = this.list<{ _id: string }>(SYSTEMS, { signal });
        const v2Pages = (query: Record<string, string>) => this.#v2Pages<Item>(path, query, signal);
        return new PagedList(async function* () {
          for await (const device of devices) {
            if (wanted && !wanted.includes(device._id)) continue;
            yield* v2Pages({ filter: `system_id:eq:${device._id}` });
          }
        });
      }
    }
  }

  override async all<Item>(endpoint: EndpointRef, params: PathParams, signal?: AbortSignal) {
    const items: Item[] = [];
    const path = expandPath(typeof endpoint === 'string' ? endpoint : endpoint.path, params);
    for await (const page of this.#v2Pages<Item>(path, {}, signal)) items.push(...page);
    return items;
  }

  /** P2: `skip` grows by what came back; only an empty page ends the list (one extra request). */
  async *#v2Pages<Item>(
    path: string,
    query: Record<string, string>,
    signal?: AbortSignal,
  ): AsyncGenerator<Item[]> {
    for (let skip = 0; ; ) {
      const page = await this.http.get<Item[]>(path, {
        query: { ...query, limit: ANCHOR_PAGE_SIZE, skip: skip || undefined },
        signal,
      });
      if (page.length === 0) return;
      yield page;
      skip += page.length;
    }
  }
}
