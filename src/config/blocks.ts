import { configError } from './diagnostics.js';
import type { SpcFile } from './files.js';
import { type BlockRange, findAttributeLine, findBlock, topLevelLines } from './positions.js';
import type { Checker } from './values.js';

/** One occurrence of a labelled top-level block, e.g. `connection "jumpcloud" { … }`. */
export interface Block {
  file: SpcFile;
  type: string;
  label: string;
  body: Record<string, unknown>;
  range: BlockRange | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * hcl2json turns `type "label" { … }` into `{type: {label: [body, …]}}`, one body per occurrence.
 * Blocks of any other shape are skipped: unknown block types are Steampipe's business, not ours.
 */
export function labelledBlocks(file: SpcFile, type: string): Block[] {
  const byLabel = file.body[type];
  if (!isRecord(byLabel)) return [];
  const blocks = Object.entries(byLabel).flatMap(([label, bodies]) =>
    Array.isArray(bodies)
      ? bodies.filter(isRecord).map((body, occurrence) => ({
          file,
          type,
          label,
          body,
          range: findBlock(file.scanned, type, label, occurrence),
        }))
      : [],
  );
  // hcl2json orders labels alphabetically; the text gives back the file order.
  return blocks.sort((a, b) => startLine(a) - startLine(b));
}

/** `connection` blocks must have exactly one label: a missing or second label is an error, not silence. */
export function connectionBlocks(file: SpcFile): Block[] {
  const byLabel = file.body.connection;
  if (byLabel === undefined) return [];
  const malformed = !isRecord(byLabel) || Object.values(byLabel).some((bodies) => !Array.isArray(bodies));
  if (malformed) {
    throw configError(
      file.path,
      topLevelLines(file.scanned, /^\s*connection(\s*|(\s+"[^"]*"){2,}\s*)\{/)[0],
      'a connection block needs exactly one name',
      'Write it as: connection "jumpcloud" { plugin = "jumpcloud" }',
    );
  }
  return labelledBlocks(file, 'connection');
}

const startLine = (block: Block): number => block.range?.start ?? Number.MAX_SAFE_INTEGER;

export const describeBlock = (block: Block): string => `${block.type} "${block.label}"`;

export function lineOf(block: Block, attribute?: string): number | undefined {
  if (block.range === undefined) return undefined;
  return attribute === undefined
    ? block.range.start
    : findAttributeLine(block.file.scanned, block.range, attribute);
}

/** HCL `null` means unset. */
export const hasAttribute = (block: Block, attribute: string): boolean =>
  block.body[attribute] !== undefined && block.body[attribute] !== null;

/** The checked value of an attribute, undefined when absent; a wrong value throws naming file and line. */
export function readAttribute<T>(block: Block, attribute: string, check: Checker<T>): T | undefined {
  if (!hasAttribute(block, attribute)) return undefined;
  const checked = check(block.body[attribute]);
  if (checked.ok) return checked.value;
  throw configError(
    block.file.path,
    lineOf(block, attribute),
    `${attribute} in ${describeBlock(block)} ${checked.problem}`,
  );
}
