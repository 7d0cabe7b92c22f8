import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EXIT, UserError } from '../errors.js';
import { secretsIn, syntaxError } from './diagnostics.js';
import { type ScannedText, scanText } from './positions.js';

/** One parsed `.spc` file: hcl2json's object, plus the text it came from (for line numbers and redaction). */
export interface SpcFile {
  path: string;
  body: Record<string, unknown>;
  scanned: ScannedText;
  secrets: string[];
}

/** The `*.spc` files of a directory, sorted by name; undefined when the directory does not exist. */
export async function listSpcFiles(dir: string): Promise<string[] | undefined> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.name.endsWith('.spc') && !entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
      .map((name) => join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(`Cannot read config directory ${dir}: ${(error as Error).message}`, {
      hint: 'Pass a readable directory of .spc files',
      cause: error,
      exitCode: EXIT.badInput,
    });
  }
}

/** Parses the files in order. hcl2json (a WASM module, ~200 ms to start) is loaded only when there is a file. */
export async function parseSpcFiles(
  paths: readonly string[],
  envSecrets: readonly string[],
): Promise<SpcFile[]> {
  if (paths.length === 0) return [];
  const { parse } = await import('@cdktf/hcl2json');
  const files: SpcFile[] = [];
  for (const path of paths) {
    const text = await readText(path);
    const secrets = [...secretsIn(text), ...envSecrets];
    let body: Record<string, unknown>;
    try {
      body = await parse(path, text);
    } catch (error) {
      throw syntaxError(path, error, secrets);
    }
    files.push({ path, body, scanned: scanText(text), secrets });
  }
  return files;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read config file ${path}: ${(error as Error).message}`, {
      cause: error,
      exitCode: EXIT.badInput,
    });
  }
}

/**
 * A warning when a file holding an API key is open to other users (any group or other permission
 * bit, as ssh judges private keys): one line naming the file and the fix. POSIX modes only.
 */
export async function permissionWarning(path: string): Promise<string | undefined> {
  if (process.platform === 'win32') return undefined;
  const { mode } = await stat(path);
  if ((mode & 0o077) === 0) return undefined;
  const can = [mode & 0o044 ? 'read' : '', mode & 0o022 ? 'change' : ''].filter(Boolean).join(' and ');
  const who = can ? `other users can ${can} it` : 'other users have permissions on it';
  const octal = (mode & 0o777).toString(8).padStart(4, '0');
  return `${path} holds an API key and ${who} (mode ${octal}); run chmod 600 ${path}`;
}
