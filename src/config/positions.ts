/**
 * hcl2json reports no source positions for blocks or attributes, so value errors find their line by
 * scanning the text. The scan tracks brace depth (skipping strings, comments and heredocs) so that a
 * top-level block is told apart from a nested one of the same name; the result may be approximate on
 * unusual layouts, but it is only ever a line of the right file.
 */

export interface BlockRange {
  /** 1-based, inclusive. */
  start: number;
  end: number;
}

export interface ScannedText {
  lines: string[];
  /** Brace depth at the start of each line (index 0 = line 1). */
  depthBefore: number[];
  depthAfter: number[];
}

interface ScanState {
  depth: number;
  inString: boolean;
  inBlockComment: boolean;
  heredoc: string | undefined;
}

export function scanText(text: string): ScannedText {
  const lines = text.split(/\r?\n/);
  const depthBefore: number[] = [];
  const depthAfter: number[] = [];
  const state: ScanState = { depth: 0, inString: false, inBlockComment: false, heredoc: undefined };
  for (const line of lines) {
    depthBefore.push(state.depth);
    scanLine(line, state);
    depthAfter.push(state.depth);
  }
  return { lines, depthBefore, depthAfter };
}

function scanLine(line: string, state: ScanState): void {
  if (state.heredoc !== undefined) {
    if (line.trim() === state.heredoc) state.heredoc = undefined;
    return;
  }
  // A quoted string cannot span lines in HCL; reset so one syntax slip does not poison the rest.
  state.inString = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (state.inBlockComment) {
      if (char === '*' && line[i + 1] === '/') {
        state.inBlockComment = false;
        i++;
      }
    } else if (state.inString) {
      if (char === '\\') i++;
      else if (char === '"') state.inString = false;
    } else if (char === '"') state.inString = true;
    else if (char === '#' || (char === '/' && line[i + 1] === '/')) return;
    else if (char === '/' && line[i + 1] === '*') {
      state.inBlockComment = true;
      i++;
    } else if (char === '<' && line[i + 1] === '<') {
      const marker = /^<<-?([A-Za-z_][\w-]*)\s*$/.exec(line.slice(i));
      if (marker) {
        state.heredoc = marker[1];
        return;
      }
    } else if (char === '{') state.depth++;
    else if (char === '}') state.depth = Math.max(0, state.depth - 1);
  }
}

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The 1-based numbers of the lines at brace depth 0 that match `pattern`. */
export function topLevelLines(scanned: ScannedText, pattern: RegExp): number[] {
  const found: number[] = [];
  scanned.lines.forEach((line, index) => {
    if (scanned.depthBefore[index] === 0 && pattern.test(line)) found.push(index + 1);
  });
  return found;
}

const MAX_LABEL_IN_PATTERN = 200;

/** The `occurrence`-th top-level block `type "label" {` (0-based), or undefined when not found. */
export function findBlock(
  scanned: ScannedText,
  type: string,
  label: string,
  occurrence = 0,
): BlockRange | undefined {
  // A label of megabytes would make too large a regular expression: match its start, then all of it.
  const long = label.length > MAX_LABEL_IN_PATTERN;
  const labelPattern = long
    ? escapeRegExp(label.slice(0, MAX_LABEL_IN_PATTERN))
    : `${escapeRegExp(label)}"\\s*\\{`;
  const header = new RegExp(`^\\s*${escapeRegExp(type)}\\s+"${labelPattern}`);
  const lines = topLevelLines(scanned, header).filter(
    (line) => !long || scanned.lines[line - 1]?.includes(`"${label}"`),
  );
  const start = lines[occurrence];
  return start === undefined ? undefined : { start, end: blockEnd(scanned, start - 1) + 1 };
}

function blockEnd(scanned: ScannedText, startIndex: number): number {
  for (let index = startIndex; index < scanned.lines.length; index++) {
    if (scanned.depthAfter[index] === 0) return index;
  }
  return scanned.lines.length - 1;
}

/** The line of `attribute = …` directly inside the block, else anywhere inside it, else the block's first line. */
export function findAttributeLine(scanned: ScannedText, block: BlockRange, attribute: string): number {
  // At the start of a line, or after the `{` of a one-line block; never in a `#` comment.
  const pattern = new RegExp(`^\\s*(?:[^#"]*\\{\\s*)?${escapeRegExp(attribute)}\\s*=(?!=)`);
  const candidates: number[] = [];
  for (let line = block.start; line <= block.end; line++) {
    if (pattern.test(scanned.lines[line - 1] ?? '')) candidates.push(line);
  }
  const direct = candidates.find((line) => line === block.start || scanned.depthBefore[line - 1] === 1);
  return direct ?? candidates[0] ?? block.start;
}
