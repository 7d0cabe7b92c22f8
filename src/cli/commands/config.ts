/**
 * `jcsql config init`: writes a connection's .spc file (mode 0600) after one call shows the key
 * works. The key is asked for without echo on a terminal, or read from piped stdin: never from
 * a flag, which would leave it in the shell's history and in `ps`.
 */
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { type Command, InvalidArgumentError } from 'commander';
import { JumpCloudClient } from '../../client/index.js';
import { type Region, regionOrigin } from '../../config/index.js';
import { EXIT, UserError } from '../../errors.js';
import type { CliIO } from '../io.js';

const REGIONS: readonly Region[] = ['us', 'eu', 'in'];
const NAME = /^[a-z_][a-z0-9_]*$/;

interface InitOptions {
  connection: string;
  region?: Region;
  orgId?: string;
  apiUrl?: string;
  configDir?: string;
  force?: boolean;
  check: boolean;
}

export function registerConfigCommand(program: Command, io: CliIO): void {
  const config = program
    .command('config')
    .description('Set up jcsql: write a connection to your .spc config');
  config
    .command('init')
    .description(
      'Write a JumpCloud connection to <config dir>/<name>.spc (mode 0600) after checking the key with one API call; the key is asked for without echo, or read from stdin',
    )
    .option(
      '--connection <name>',
      'the connection name (a Steampipe schema name)',
      connectionName,
      'jumpcloud',
    )
    .option(
      '--region <region>',
      `the JumpCloud region: ${REGIONS.join(', ')} (asked on a terminal; default us)`,
      regionName,
    )
    .option('--org-id <id>', 'the organization to read (multi-tenant admins only)')
    .option('--api-url <url>', 'an API origin other than the region’s (e.g. `jcsql demo serve`)')
    .option('--config-dir <dir>', 'where to write (default ~/.jcsql/config, or JCSQL_CONFIG_DIR)')
    .option('--force', 'replace the connection’s file if it exists')
    .option('--no-check', 'write without checking the key (offline)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ jcsql config init                                  # asks for the region and the key\n  $ pass show jumpcloud | jcsql config init --region eu --connection jc_eu\n\nEnvironment:\n  JCSQL_CONFIG_DIR  where to write, when --config-dir is not given',
    )
    .action(async (options: InitOptions) => runInit(options, io));
}

function connectionName(value: string): string {
  if (!NAME.test(value))
    throw new InvalidArgumentError(`a connection name is lower-case letters, digits and _, got '${value}'.`);
  return value;
}

function regionName(value: string): Region {
  if (!(REGIONS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`the region is one of ${REGIONS.join(', ')}, got '${value}'.`);
  return value as Region;
}

async function runInit(options: InitOptions, io: CliIO): Promise<void> {
  const dir =
    options.configDir ?? io.env.JCSQL_CONFIG_DIR ?? join(io.env.HOME || homedir(), '.jcsql', 'config');
  const file = join(dir, `${options.connection}.spc`);
  if (!options.force && (await exists(file)))
    throw new UserError(`${file} exists already`, {
      hint: 'Give --force to replace it, or another --connection',
      exitCode: EXIT.badInput,
    });
  const ask = asker(io);
  const region =
    options.region ??
    (ask ? regionName((await ask.line('Region (us, eu, in) [us]: ')).trim() || 'us') : 'us');
  const orgId =
    options.orgId ??
    (ask
      ? (await ask.line('Organization ID (multi-tenant admins only; Enter to skip): ')).trim() || undefined
      : undefined);
  const apiKey = (ask ? await ask.hidden('API key (not shown): ') : await readAll(io.stdin)).trim();
  ask?.close();
  if (apiKey === '')
    throw new UserError('No API key was given', {
      hint: 'Type it when asked, or pipe it to stdin',
      exitCode: EXIT.badInput,
    });
  for (const [what, value] of [
    ['The API key', apiKey],
    ['--org-id', orgId ?? ''],
  ] as const) {
    // Characters an HCL string would have to escape, or that no key or id contains.
    if (/[\u0000-\u001f\u007f"\\]|\$\{/.test(value))
      throw new UserError(`${what} contains a character keys and ids never have`, {
        exitCode: EXIT.badInput,
      });
  }
  const origin = options.apiUrl ?? regionOrigin(region);
  if (options.check) io.stderr.write(`${await checkKey(origin, apiKey, orgId, region)}\n`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const lines = [
    `connection "${options.connection}" {`,
    '  plugin  = "jumpcloud"',
    `  api_key = "${apiKey}"`,
    ...(orgId ? [`  org_id  = "${orgId}"`] : []),
    ...(region !== 'us' ? [`  region  = "${region}"`] : []),
    ...(options.apiUrl ? [`  api_url = "${options.apiUrl}"`] : []),
    '}',
    '',
  ];
  await writeFile(file, lines.join('\n'), { mode: 0o600 });
  await chmod(file, 0o600); // an existing file (--force) keeps its mode otherwise
  io.stdout.write(
    `Wrote ${file} (mode 0600). Try: jcsql query --connection ${options.connection} "select count(*) from jumpcloud_user"\n`,
  );
}

/** One call with the key: which organization answers, or one line on why not. */
async function checkKey(
  origin: string,
  apiKey: string,
  orgId: string | undefined,
  region: Region,
): Promise<string> {
  const client = new JumpCloudClient({ origin, apiKey, orgId, maxConcurrency: 1, retry: { maxAttempts: 2 } });
  const organizations = { path: '/api/organizations', paging: 'v1', sendOrgId: false } as const;
  const seen: Array<{ _id: string; displayName?: string }> = [];
  for await (const org of client.list<{ _id: string; displayName?: string }>(organizations, {
    fields: ['displayName'],
    limit: 100,
  }))
    seen.push(org);
  const chosen = orgId ? seen.find((org) => org._id === orgId) : seen.length === 1 ? seen[0] : undefined;
  if (orgId && !chosen)
    throw new UserError(`The key does not see organization ${orgId}`, {
      hint: 'Check --org-id',
      exitCode: EXIT.badInput,
    });
  if (!chosen)
    return `The key works (region ${region}) and sees ${seen.length} organizations: queries read them all unless you give --org-id.`;
  return `The key works: region ${region}, organization ${chosen.displayName ?? ''} (${chosen._id}).`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream)
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return text.split('\n')[0] ?? '';
}

interface Asker {
  line(prompt: string): Promise<string>;
  /** A line typed with nothing echoed. */
  hidden(prompt: string): Promise<string>;
  close(): void;
}

/** Questions on a terminal (prompts on stderr); undefined when stdin is not one. */
function asker(io: CliIO): Asker | undefined {
  if (!io.stdin.isTTY) return undefined;
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) io.stderr.write(chunk);
      done();
    },
  });
  const readline = createInterface({ input: io.stdin, output, terminal: true, historySize: 0 });
  const question = (prompt: string) => new Promise<string>((resolve) => readline.question(prompt, resolve));
  return {
    line: question,
    hidden: async (prompt) => {
      io.stderr.write(prompt);
      muted = true;
      const answer = await question('');
      muted = false;
      io.stderr.write('\n');
      return answer;
    },
    close: () => readline.close(),
  };
}
