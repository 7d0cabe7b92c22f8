import { EXIT, UserError } from '../errors.js';
import { escapeRegExp } from './positions.js';

/** A config error that names the file and, when known, the line: `Error in <file> line <n>: <problem>`. */
export function configError(
  file: string,
  line: number | undefined,
  problem: string,
  hint?: string,
): UserError {
  const where = line === undefined ? file : `${file} line ${line}`;
  return new UserError(`Error in ${where}: ${problem}`, { hint, exitCode: EXIT.badInput });
}

const REDACTED = '<redacted>';
const MIN_REPLACED_LENGTH = 4;

/**
 * Every text in the file that could be (part of) an API key: whatever follows `api_key =` on its line,
 * each quoted piece of it, and the body of a heredoc. Used to scrub parser messages, which may quote source.
 */
export function secretsIn(text: string): string[] {
  const secrets: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const assignment = /(?:^|[{\s])api_key\s*=(.*)$/.exec(line);
    const value = assignment?.[1]?.trim();
    if (!value) return;
    secrets.push(value, value.replace(/^"|"$/g, ''));
    for (const quoted of value.matchAll(/"((?:[^"\\]|\\.)*)"?/g)) secrets.push(quoted[1] ?? '');
    const heredoc = /^<<-?([A-Za-z_][\w-]*)/.exec(value)?.[1];
    if (heredoc !== undefined) secrets.push(...heredocBody(lines, index + 1, heredoc));
  });
  return secrets.map((secret) => secret.trim()).filter((secret) => secret.length > 0);
}

function heredocBody(lines: string[], from: number, marker: string): string[] {
  const body: string[] = [];
  for (const line of lines.slice(from)) {
    if (line.trim() === marker) break;
    body.push(line);
  }
  return body;
}

/** Removes every secret, and every quoted fragment of a secret, from a message. */
export function redact(message: string, secrets: readonly string[]): string {
  const live = secrets.filter((secret) => secret.length > 0);
  let result = message;
  // A very short "key" (a test's "k") would shred the message; quoted fragments are still caught below.
  const replaceable = live.filter((secret) => secret.length >= MIN_REPLACED_LENGTH);
  for (const secret of replaceable.sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join(REDACTED);
  }
  return result.replace(/"([^"]*)"/g, (quoted, inner: string) =>
    inner.length > 0 && live.some((secret) => secret.includes(inner)) ? `"${REDACTED}"` : quoted,
  );
}

/**
 * hcl2json throws `parse config: [<file>:<line>,<col>-<line>,<col>: <summary>; <detail> <file>:…]`.
 * The first diagnostic becomes the message; its position is the file, line and column.
 */
export function syntaxError(file: string, thrown: unknown, secrets: readonly string[]): UserError {
  const raw = thrown instanceof Error ? thrown.message : String(thrown);
  const body = raw.replace(/^parse config: \[/, '').replace(/\]\s*$/, '');
  const position = new RegExp(`${escapeRegExp(file)}:(\\d+),(\\d+)(?:-(?:\\d+,)?\\d+)?: `, 'g');
  const matches = [...body.matchAll(position)];
  const first = matches[0];
  const hint =
    'Fix the HCL syntax there; a connection looks like: connection "jumpcloud" { plugin = "jumpcloud" }';
  if (first?.index === undefined)
    return new UserError(`Error in ${file}: ${redact(body, secrets)}`, { hint, exitCode: EXIT.badInput });
  const end = matches[1]?.index ?? body.length;
  // The trailing period goes: the CLI joins message and hint with ". ".
  const text = body
    .slice(first.index + first[0].length, end)
    .trim()
    .replace(/\.$/, '');
  // No `cause`: the parser's raw message may quote the API key.
  return new UserError(`Error in ${file} line ${first[1]}, column ${first[2]}: ${redact(text, secrets)}`, {
    hint,
    exitCode: EXIT.badInput,
  });
}
