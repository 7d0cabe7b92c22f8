import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { UserError } from '../../src/errors.js';

/** A fresh temporary home directory per test, removed afterwards. */
export function useTempHome(): { readonly home: string } {
  const state = { home: '' };
  beforeEach(async () => {
    state.home = await mkdtemp(join(tmpdir(), 'jcsql-config-'));
  });
  afterEach(async () => {
    await rm(state.home, { recursive: true, force: true });
  });
  return state;
}

/** Writes `<dir>/<name>` (creating dir), mode 600 unless told otherwise; returns the path. */
export async function writeSpc(dir: string, name: string, text: string, mode = 0o600): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, text);
  await chmod(path, mode);
  return path;
}

export const jcsqlDir = (home: string): string => join(home, '.jcsql', 'config');
export const steampipeDir = (home: string): string => join(home, '.steampipe', 'config');

/** Awaits a rejection and returns it, asserting it is a UserError. */
export async function userErrorFrom(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

/** The whole of what a user could see of an error. */
export const errorText = (error: UserError): string => `${error.message} ${error.hint ?? ''}`;
