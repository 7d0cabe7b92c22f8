import type { AddressInfo, Socket } from 'node:net';
import { createAdaptorServer, type HttpBindings } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { UserError } from '../errors.js';
import type { DemoData, OrgData } from './data/types.js';
import { OrgView } from './data/view.js';
import { ApiError, errorBody, reason } from './errors.js';
import { FaultInjector, type FaultKind, isListFault, type ListFault, parseFaultSpec } from './faults.js';
import { accessRoutes } from './routes/access.js';
import { commandRoutes } from './routes/commands.js';
import { directoryRoutes } from './routes/directories.js';
import { insightsRoutes } from './routes/insights.js';
import { JsonText } from './routes/lists.js';
import { policyRoutes } from './routes/policies.js';
import { resourceRoutes } from './routes/resources.js';
import { honoPath, type ListFaultSlot, type RequestContext, type RouteDef } from './routes/route.js';
import { systemInsightsRoutes } from './routes/system-insights.js';
import { v1Routes } from './routes/v1.js';
import { v2Routes } from './routes/v2.js';
import { StatsRecorder } from './stats.js';
import { recordRequest } from './write-guard.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const OBJECT_ID = /^[0-9a-f]{24}$/;
const ORG_HEADER_FORBIDDEN = 'Forbidden: organization selection not allowed via header';
const WRITE_METHODS = ['PUT', 'PATCH', 'DELETE', 'POST'];

export interface ServerConfig {
  host: string;
  port: number;
  seed: number;
  apiKey: string;
  latencyMs: number;
  faults: string;
  data: DemoData;
}

type Env = { Bindings: HttpBindings };

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE, ...headers } });

/**
 * What can change while the simulator runs. Setting `faults` (or `faultSeed`) restarts the fault
 * sequence, from `faultSeed` when given, else from the simulator's seed.
 */
export interface SimulatorConfig {
  latencyMs?: number;
  faults?: string;
  faultSeed?: number;
}

/** The mutable part of a running simulator: stats, faults, latency, and what close() must release. */
export class SimulatorState {
  readonly stats = new StatsRecorder();
  readonly injector: FaultInjector;
  latencyMs: number;
  readonly views: Map<string, OrgView>;
  private readonly stalled = new Set<() => void>();

  constructor(readonly config: ServerConfig) {
    this.latencyMs = config.latencyMs;
    this.injector = new FaultInjector(parseFaultSpec(config.faults), config.seed);
    this.views = new Map(config.data.orgs.map((o) => [o.organization._id, new OrgView(o)]));
  }

  configure(o: SimulatorConfig): void {
    if (o.latencyMs !== undefined) {
      if (!Number.isInteger(o.latencyMs) || o.latencyMs < 0)
        throw new UserError('latencyMs must be a non-negative integer');
      this.latencyMs = o.latencyMs;
    }
    if (
      o.faultSeed !== undefined &&
      (!Number.isInteger(o.faultSeed) || o.faultSeed < 0 || o.faultSeed > 0xffffffff)
    )
      throw new UserError('faultSeed must be an integer from 0 to 4294967295');
    if (o.faults !== undefined || o.faultSeed !== undefined)
      this.injector.reconfigure(o.faults === undefined ? undefined : parseFaultSpec(o.faults), o.faultSeed);
  }

  /** A request that never gets an answer (until close). */
  stall(): Promise<void> {
    return new Promise((resolve) => this.stalled.add(resolve));
  }

  releaseStalls(): void {
    for (const release of this.stalled) release();
    this.stalled.clear();
  }
}

function errorResponse(
  route: RouteDef | undefined,
  status: number,
  message: string,
  body?: Record<string, unknown>,
) {
  if (body) return json(status, body);
  if (route?.errorShape === 'string400' && status === 400) return json(status, message);
  return json(status, route?.errorShape === 'message' ? { message } : errorBody(status, message));
}

/** Selects the organization(s) from x-org-id, or answers the documented multi-tenant errors. */
function selectOrgs(c: Context, route: RouteDef, data: DemoData): OrgData[] {
  const header = c.req.header('x-org-id');
  const primary = data.orgs[0]!;
  if (header === undefined || header.trim() === '') return [primary];
  if (route.orgHeader === 'forbidden') {
    throw new ApiError(403, ORG_HEADER_FORBIDDEN, {
      message: ORG_HEADER_FORBIDDEN,
      error: ORG_HEADER_FORBIDDEN,
    });
  }
  // Node joins repeated headers with ", "; only Directory Insights accepts several.
  const ids = header.split(',').map((s) => s.trim());
  if (ids.length > 1 && route.orgHeader !== 'multi')
    throw new ApiError(400, `Malformed x-org-id '${header}'`);
  return ids.map((id) => {
    if (!OBJECT_ID.test(id)) throw new ApiError(400, `Malformed x-org-id '${id}'`);
    const org = data.orgs.find((o) => o.organization._id === id);
    if (!org) throw new ApiError(404, `Organization ${id} not found`);
    return org;
  });
}

/** Destroys the connection without an answer (the `reset` fault). */
function resetSocket(c: Context<Env>): Response {
  c.env.incoming.socket.destroy();
  return new Response(null, { status: 500 });
}

async function truncated(response: Response): Promise<Response> {
  const text = await response.text();
  return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
    status: 200,
    headers: { 'content-type': JSON_TYPE },
  });
}

function injectFault(
  c: Context<Env>,
  state: SimulatorState,
  route: RouteDef | undefined,
  kind: Exclude<FaultKind, ListFault['kind']>,
) {
  switch (kind) {
    case '429':
      return withRetryAfter(route);
    case '429-bare':
      return errorResponse(route, 429, 'Too Many Requests');
    case '500':
    case '502':
    case '503':
      return errorResponse(route, Number(kind), reason(Number(kind)));
    case 'reset':
      return resetSocket(c);
    case 'stall':
      return state.stall().then(() => resetSocket(c));
    case 'malformed':
      return undefined;
  }
}

function withRetryAfter(route: RouteDef | undefined): Response {
  const response = errorResponse(route, 429, 'Too Many Requests');
  response.headers.set('Retry-After', '1');
  return response;
}

/**
 * Latency is the time from a request's arrival to its answer, as a client sees an API's: the
 * answer is worked out at once and sent when the latency has passed. The simulator does on one
 * thread what JumpCloud does on many servers; had it waited first and worked after, ten requests
 * sent together would wait together and then queue behind each other's work, each answer later
 * than the latency by the work of those before it.
 */
async function untilLatency(state: SimulatorState, started: number): Promise<void> {
  const remaining = state.latencyMs - (performance.now() - started);
  if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(remaining)));
}

/**
 * The pipeline every API request goes through: count → fault → auth → write refusal → org
 * selection → handler → latency (a fault's effect, too, comes when the latency has passed).
 * `route` is undefined for paths the simulator does not serve.
 */
async function handle(c: Context<Env>, state: SimulatorState, route: RouteDef | undefined, template: string) {
  const started = performance.now();
  const method = c.req.method;
  // Only the read-only POSTs (search, events) have a route of method POST; any other POST is a write.
  const write = WRITE_METHODS.includes(method) && route?.method !== 'POST';
  const key = `${method} ${template}`;
  state.stats.request(key, write);
  recordRequest(method, route?.method === 'POST', c.req.path + new URL(c.req.url).search);
  // A read-only POST's body is its query: kept in the log so tests can see what was asked.
  // Hono caches the text, so the handler's own read of the body still works.
  const body = method === 'POST' && route?.method === 'POST' ? await c.req.text().catch(() => '') : undefined;
  let status = 0;
  try {
    const fault = state.injector.next();
    // A list fault bends the answer of a list request and is counted only if it did.
    let listFault: ListFaultSlot | undefined;
    let injected: Response | undefined;
    if (fault && isListFault(fault)) listFault = { fault: state.injector.listFault(fault), applied: false };
    else if (fault) {
      await untilLatency(state, started);
      state.stats.fault(fault);
      injected = await injectFault(c, state, route, fault);
    }
    if (injected) {
      status = fault === 'reset' || fault === 'stall' ? 0 : injected.status;
      return injected;
    }
    const response = await answer(c, state, route, write, listFault);
    await untilLatency(state, started);
    if (listFault?.applied && response.status === 200) state.stats.fault(listFault.fault.kind);
    status = response.status;
    return fault === 'malformed' && response.status === 200 ? await truncated(response) : response;
  } finally {
    state.stats.log({
      method,
      route: key,
      url: c.req.path + new URL(c.req.url).search,
      status,
      ms: performance.now() - started,
      ...(body === undefined ? {} : { body }),
    });
  }
}

async function answer(
  c: Context<Env>,
  state: SimulatorState,
  route: RouteDef | undefined,
  write: boolean,
  listFault: ListFaultSlot | undefined,
): Promise<Response> {
  try {
    if (c.req.header('x-api-key') !== state.config.apiKey) {
      throw new ApiError(401, 'Unauthorized: missing or invalid x-api-key header');
    }
    if (write) throw new ApiError(405, `Method ${c.req.method} is not allowed: the simulator is read-only`);
    if (!route) throw new ApiError(404, `No route for ${c.req.method} ${c.req.path}`);
    const orgs = selectOrgs(c, route, state.config.data);
    const org = orgs[0]!;
    const url = new URL(c.req.url);
    const ctx: RequestContext = {
      hono: c,
      url,
      params: url.searchParams,
      path: c.req.param() as Record<string, string>,
      org,
      orgs,
      view: state.views.get(org.organization._id)!,
      data: state.config.data,
      listFault,
    };
    const body = await route.handler(ctx);
    if (body instanceof Response) return body;
    if (body instanceof JsonText) return c.body(body.text, 200, { 'content-type': JSON_TYPE });
    return c.json(body as object, 200, { 'content-type': JSON_TYPE });
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(route, error.status, error.message, error.body);
    throw error;
  }
}

const API_PREFIXES = ['/api/*', '/insights/*'];

/** Every API route the simulator serves: the catalog's lists and gets, then the computed ones. */
export const SERVED_ROUTES: readonly RouteDef[] = [
  ...resourceRoutes,
  ...v1Routes,
  ...v2Routes,
  ...insightsRoutes,
  ...systemInsightsRoutes,
  ...commandRoutes,
  ...directoryRoutes,
  ...policyRoutes,
  ...accessRoutes,
];

export function buildApp(state: SimulatorState): Hono<Env> {
  const app = new Hono<Env>();

  app.get('/__simulator/stats', (c) => c.json(state.stats.snapshot()));
  app.get('/__simulator/log', (c) => c.json(state.stats.requestLog()));
  app.post('/__simulator/stats/reset', (c) => {
    state.stats.reset();
    return c.json({ ok: true });
  });
  app.post('/__simulator/config', async (c) => {
    try {
      const body = (await c.req.json()) as SimulatorConfig;
      state.configure(body);
      return c.json({ ok: true, latencyMs: state.latencyMs });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return json(400, errorBody(400, message));
    }
  });

  for (const route of SERVED_ROUTES)
    app.on(route.method, honoPath(route.template), (c) => handle(c, state, route, route.template));
  // Another method on a served path: a write is refused (counted under the route's template), any
  // other is not served. After every route's own, so never before one; one entry a path for all
  // methods, where one a method cost each start ~10 ms building Hono's matchers.
  for (const route of SERVED_ROUTES)
    app.all(honoPath(route.template), (c) =>
      handle(c, state, undefined, WRITE_METHODS.includes(c.req.method) ? route.template : c.req.path),
    );
  for (const prefix of API_PREFIXES) app.all(prefix, (c) => handle(c, state, undefined, c.req.path));
  app.notFound((c) => json(404, errorBody(404, `No route for ${c.req.method} ${c.req.path}`)));
  app.onError((error) => json(500, errorBody(500, error.message)));
  return app;
}

export interface Listening {
  url: string;
  close(): Promise<void>;
}

export async function listen(state: SimulatorState): Promise<Listening> {
  const app = buildApp(state);
  const server = createAdaptorServer({ fetch: app.fetch });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(state.config.port, state.config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = state.config.host.includes(':') ? `[${state.config.host}]` : state.config.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        state.releaseStalls();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
