import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { EXIT, UserError } from '../errors.js';
import { type EnvSettings, envConnection, interpretConnections } from './connections.js';
import { BUILT_IN_DEFAULTS, readCacheDefaults, readCacheLimits } from './defaults.js';
import { listSpcFiles, parseSpcFiles, permissionWarning, type SpcFile } from './files.js';
import type { ConnectionConfig, JcsqlConfig, LoadConfigOptions } from './types.js';
import { controlCharacterIn, origin } from './values.js';

/**
 * Reads the `.spc` files of `--config-dir`, else `JCSQL_CONFIG_DIR`, else `~/.jcsql/config`. Only in the
 * last case, when those files define no jumpcloud connection, are Steampipe's own files
 * (`$STEAMPIPE_INSTALL_DIR/config`, default `~/.steampipe/config`) read as well: a directory the user named
 * is taken at its word. With no connection in any file, JUMPCLOUD_API_KEY alone makes one named `jumpcloud`.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<JcsqlConfig> {
  // Every API key met on the way (env, then each file's): no config error or warning may show one.
  const secrets: string[] = [];
  const envKey = options.env.JUMPCLOUD_API_KEY?.trim();
  if (envKey) secrets.push(envKey);
  try {
    const config = await readConfig(options, secrets);
    return { ...config, warnings: config.warnings.map((warning) => withoutSecrets(warning, secrets)) };
  } catch (error) {
    throw error instanceof UserError ? scrubbed(error, secrets) : error;
  }
}

async function readConfig(options: LoadConfigOptions, secrets: string[]): Promise<JcsqlConfig> {
  const env = readEnv(options.env);
  const envSecrets = env.apiKey === undefined ? [] : [env.apiKey];
  const home = options.homeDir ?? homedir();
  const primary = await primaryDirectory(options, home);
  const parse = async (paths: readonly string[]) => {
    const parsed = await parseSpcFiles(paths, envSecrets);
    for (const file of parsed) secrets.push(...file.secrets);
    return parsed;
  };
  let files = await parse((await listSpcFiles(primary.dir)) ?? []);
  let found = interpret(files, env);
  if (primary.isDefault && found.connections.length === 0) {
    const steampipe = (await listSpcFiles(steampipeConfigDir(options.env, home))) ?? [];
    files = [...files, ...(await parse(steampipe))];
    found = interpret(files, env);
  }
  const connections =
    found.connections.length > 0 || env.apiKey === undefined
      ? found.connections
      : [envConnection(readCacheDefaults(files), env)];
  const permissionWarnings = await Promise.all([...found.filesWithKeys].map(permissionWarning));
  return {
    connections,
    aggregators: found.aggregators,
    files: files.map((file) => file.path),
    warnings: [...found.warnings, ...permissionWarnings.filter((warning) => warning !== undefined)],
    cacheLimits: readCacheLimits(files, options.env),
  };
}

/**
 * The same error with every known key taken out of its message and hint. A value checker may quote
 * what it refused (an api_url, say) and the user may have pasted a key into it.
 */
function scrubbed(error: UserError, secrets: readonly string[]): UserError {
  const message = withoutSecrets(error.message, secrets);
  const hint = error.hint === undefined ? undefined : withoutSecrets(error.hint, secrets);
  if (message === error.message && hint === error.hint) return error;
  // No cause: it would carry the unredacted text.
  return new UserError(message, { hint, exitCode: error.exitCode, reported: error.reported });
}

/** Whole keys only (of 4 characters or more): a connection's name that happens to be part of a key stays. */
function withoutSecrets(text: string, secrets: readonly string[]): string {
  const whole = secrets.filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
  return whole.reduce((result, secret) => result.split(secret).join('<redacted>'), text);
}

const interpret = (files: readonly SpcFile[], env: EnvSettings) =>
  interpretConnections(files, readCacheDefaults(files), env);

/**
 * JUMPCLOUD_* from the environment, checked. A `given` value (a library's option) takes the place
 * of its variable, and is checked as the variable is; its errors name it by its field (`apiUrl`).
 */
function readEnv(env: NodeJS.ProcessEnv, given: Partial<EnvSettings> = {}): EnvSettings {
  const value = (name: string, instead: string | undefined): string | undefined =>
    instead?.trim() || env[name]?.trim() || undefined;
  const givenUrl = given.apiUrl?.trim() || undefined;
  const apiUrl = value('JUMPCLOUD_API_URL', givenUrl);
  const checked = apiUrl === undefined ? undefined : origin(apiUrl);
  if (checked?.ok === false) {
    const name = givenUrl === undefined ? 'JUMPCLOUD_API_URL' : 'apiUrl';
    throw new UserError(`${name} ${checked.problem}`, {
      hint: `Fix or unset ${name}`,
      exitCode: EXIT.badInput,
    });
  }
  const givenKey = given.apiKey?.trim() || undefined;
  const apiKey = value('JUMPCLOUD_API_KEY', givenKey);
  const keyProblem = apiKey === undefined ? undefined : controlCharacterIn(apiKey);
  if (keyProblem !== undefined) {
    const name = givenKey === undefined ? 'JUMPCLOUD_API_KEY' : 'apiKey';
    throw new UserError(`The API key in ${name} ${keyProblem}`, {
      hint: `Set ${name} to the key alone, on one line`,
      exitCode: EXIT.badInput,
    });
  }
  return {
    apiKey,
    orgId: value('JUMPCLOUD_ORG_ID', given.orgId),
    apiUrl: checked?.value,
  };
}

/**
 * The connection `jcsql query` makes from JUMPCLOUD_* when no .spc file defines one, read and
 * checked the same way (errors never show the key), for code that reads no .spc files: the library.
 * `given` values take the place of their variables.
 */
export function environmentConnection(
  env: NodeJS.ProcessEnv,
  given: Partial<EnvSettings> = {},
): ConnectionConfig {
  const secrets = [given.apiKey?.trim(), env.JUMPCLOUD_API_KEY?.trim()].filter(
    (secret): secret is string => secret !== undefined && secret !== '',
  );
  try {
    return envConnection(BUILT_IN_DEFAULTS, readEnv(env, given));
  } catch (error) {
    throw error instanceof UserError ? scrubbed(error, secrets) : error;
  }
}

async function primaryDirectory(options: LoadConfigOptions, home: string) {
  if (options.configDir !== undefined) {
    return { dir: await existingDirectory(options.configDir, '--config-dir'), isDefault: false };
  }
  const fromEnv = options.env.JCSQL_CONFIG_DIR;
  if (fromEnv) return { dir: await existingDirectory(fromEnv, 'JCSQL_CONFIG_DIR'), isDefault: false };
  return { dir: join(home, '.jcsql', 'config'), isDefault: true };
}

async function existingDirectory(dir: string, from: string): Promise<string> {
  const absolute = resolve(dir);
  const isDirectory = await stat(absolute).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new UserError(`Config directory ${absolute} (from ${from}) does not exist or is not a directory`, {
      hint: `Create it, or point ${from} at the directory that holds your .spc files`,
      exitCode: EXIT.badInput,
    });
  }
  return absolute;
}

const steampipeConfigDir = (env: NodeJS.ProcessEnv, home: string): string =>
  join(env.STEAMPIPE_INSTALL_DIR || join(home, '.steampipe'), 'config');
