import { homedir } from 'node:os';
import { join } from 'node:path';

/** jcsql's own folder: history, caches, generated passwords. JCSQL_HOME moves it (tests do). */
export const jcsqlHome = (env: NodeJS.ProcessEnv = process.env): string =>
  env.JCSQL_HOME || join(homedir(), '.jcsql');
