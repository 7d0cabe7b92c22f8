import { isNotFound, type ListEndpoint } from '../client/index.js';
import { col, defineTable, mapConcurrent, type PagedIterable } from '../sdk/index.js';
import { type Ctx, getTarget, listTarget, organizationIdColumn } from './common.js';

/** A command result: the list's item (`commandresultslist`) or the whole object (`commandresult`). */
interface CommandResult extends Record<string, unknown> {
  _id: string;
  workflowId?: string;
}

/** Every result of the organization: output and error cut to 40 characters. */
const allResults: ListEndpoint = { path: '/api/commandresults', paging: 'v1' };
/** One command's results, whole (a bare array, paged by skip/limit). */
const resultsOfCommand: ListEndpoint = { path: '/api/commands/{id}/results', paging: 'v2' };
const get = '/api/commandresults/{id}';

/** Items that are the whole `commandresult` object (read by id or per command), not the list's cut-down one. */
const whole = new WeakSet<object>();

/** How many commands' results are read at once for `command_id IN (…)`. */
const COMMAND_CONCURRENCY = 10;

function list(ctx: Ctx): PagedIterable<CommandResult> {
  const commandIds = ctx.equals('command_id');
  const client = ctx.connection.client;
  if (!commandIds)
    return client.list<CommandResult>(allResults, {
      fields: ctx.fields,
      limit: ctx.limit,
      signal: ctx.signal,
    });
  const ids = new Set(commandIds.map(String).filter((id) => id !== ''));
  const ofCommand = async (id: string): Promise<CommandResult[]> => {
    const rows: CommandResult[] = [];
    try {
      const results = client.list<CommandResult>(resultsOfCommand, { params: { id }, signal: ctx.signal });
      for await (const page of results.pages())
        for (const item of page) {
          whole.add(item);
          // The planner counts `command_id` exact: keep only the asked commands' rows.
          if (ids.has(String(item.workflowId))) rows.push(item);
        }
    } catch (error) {
      // An unknown command has no results.
      if (!isNotFound(error)) throw error;
    }
    return rows;
  };
  const pages = async function* (): AsyncGenerator<CommandResult[]> {
    let left = ctx.limit ?? Number.POSITIVE_INFINITY;
    for await (const rows of mapConcurrent(ids, COMMAND_CONCURRENCY, ofCommand)) {
      const kept = rows.slice(0, left);
      left -= kept.length;
      if (kept.length > 0) yield kept;
      if (left <= 0) return;
    }
  };
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page;
    },
  };
}

const fromDetail =
  (path: (result: CommandResult) => unknown) =>
  (_item: CommandResult, detail: unknown): unknown =>
    detail ? path(detail as CommandResult) : null;

const response = (result: CommandResult) =>
  result.response as { data?: { output?: unknown }; error?: unknown } | undefined;

export const jumpcloud_command_result = defineTable<CommandResult, Ctx['connection']['client']>({
  name: 'jumpcloud_command_result',
  description: 'JumpCloud Command Result: one run of a command on one device.',
  list: {
    keyColumns: ['command_id'],
    fields: true,
    run: list,
    requests: {
      kind: 'list',
      ...listTarget(allResults),
      keys: [{ column: 'command_id', ...listTarget(resultsOfCommand) }],
    },
  },
  get: {
    keyColumn: 'id',
    requests: getTarget(get),
    run: async (id, ctx) => {
      const item = await ctx.connection.client.get<CommandResult>(get, { id }, ctx.signal);
      if (item) whole.add(item);
      return item;
    },
  },
  hydrates: {
    // The list cuts output and error to 40 characters: the whole result is one GET, unless the
    // row was read whole (by id, or by command_id).
    detail: {
      run: async (item, ctx) =>
        whole.has(item) ? item : await ctx.connection.client.get(get, { id: item._id }, ctx.signal),
      requests: getTarget(get),
      sameAsGet: true,
    },
  },
  columns: [
    col.string('id', 'A unique identifier for the command result.', { from: '_id' }),
    col.string('command_id', 'The ID of the command that ran.', { from: 'workflowId' }),
    col.string('command_name', 'The name of the command that ran.', { from: 'name' }),
    col.string('device_id', 'The ID of the device the command ran on.', { from: 'systemId' }),
    col.string('device_name', 'The display name of the device the command ran on.', { from: 'system' }),
    col.int('exit_code', 'The exit code of the command (0: success).', {
      from: 'response.data.exitCode',
      keepEmpty: true,
    }),
    col.string('output', 'The standard output of the command, whole.', {
      hydrate: 'detail',
      from: fromDetail((result) => response(result)?.data?.output),
    }),
    col.string('error', 'The standard error of the command, whole.', {
      hydrate: 'detail',
      from: fromDetail((result) => response(result)?.error),
    }),
    col.timestamp('request_time', 'The time the command was sent to the device.', { from: 'requestTime' }),
    col.timestamp('response_time', 'The time the device answered.', { from: 'responseTime' }),
    col.string('user_id', 'The ID of the user the command ran as.', { from: 'user' }),
    col.bool('sudo', 'True if the command ran with sudo rights.'),
    col.string('command', 'The script that ran.', {
      hydrate: 'detail',
      from: fromDetail((result) => result.command),
    }),
    col.string('workflow_instance_id', 'The ID of the run (one per launch, shared by its devices).', {
      hydrate: 'detail',
      from: fromDetail((result) => result.workflowInstanceId),
    }),
    organizationIdColumn('organization'),
  ],
});
