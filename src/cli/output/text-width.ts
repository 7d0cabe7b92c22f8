/**
 * Terminal display width, the way go-pretty measures it (go-runewidth): East Asian wide and
 * fullwidth characters and emoji take two cells, combining marks and zero-width format
 * characters none, everything else one. Written without a library: the tables below cover the
 * CJK, Hangul, kana and fullwidth blocks and every `Emoji_Presentation` character, which is what
 * JumpCloud data (names, descriptions) realistically contains. Characters that are ambiguous in
 * East Asian locales count as one cell, as go-runewidth does outside a CJK locale.
 */

/** Inclusive code-point ranges of East Asian Wide (W) and Fullwidth (F) characters, sorted. */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x16fe4],
  [0x16ff0, 0x16ff1],
  [0x17000, 0x18cff], // Tangut, Khitan
  [0x18d00, 0x18d08],
  [0x1aff0, 0x1b2ff], // kana supplement and extensions, Nushu
  [0x1f200, 0x1f2ff], // enclosed ideographic supplement
  [0x20000, 0x2fffd], // CJK extensions B..F, compatibility supplement
  [0x30000, 0x3fffd], // CJK extensions G, H
];

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\u1160-\u11ff]$/u;
const EMOJI_PRESENTATION = /^\p{Emoji_Presentation}$/u;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function isWideCodePoint(codePoint: number): boolean {
  let low = 0;
  let high = WIDE_RANGES.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [start, end] = WIDE_RANGES[mid]!;
    if (codePoint < start) high = mid - 1;
    else if (codePoint > end) low = mid + 1;
    else return true;
  }
  return false;
}

/** Cells one character (one code point) takes in a terminal. */
export function charWidth(char: string): number {
  const codePoint = char.codePointAt(0) ?? 0;
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return 0;
  if (codePoint < 0x300) return 1;
  if (ZERO_WIDTH.test(char)) return 0;
  if (isWideCodePoint(codePoint) || EMOJI_PRESENTATION.test(char)) return 2;
  return 1;
}

/** Cells a single line of text takes in a terminal. */
export function displayWidth(line: string): number {
  if (PRINTABLE_ASCII.test(line)) return line.length;
  let width = 0;
  for (const char of line) width += charWidth(char);
  return width;
}

/** Pads with spaces on the right to `width` cells (never truncates). */
export function padEndToWidth(text: string, width: number): string {
  const missing = width - displayWidth(text);
  return missing > 0 ? text + ' '.repeat(missing) : text;
}

/** The widest line of a possibly multi-line string. */
export function maxLineWidth(text: string): number {
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, displayWidth(line));
  return widest;
}

/**
 * Hard-wraps one line so that no piece is wider than `maxWidth` cells, as go-pretty's
 * `text.WrapText` does for a column's `WidthMax` (Steampipe sets 1024). A wide character that
 * does not fit moves whole to the next piece.
 */
export function hardWrap(line: string, maxWidth: number): string[] {
  if (line.length <= maxWidth || displayWidth(line) <= maxWidth) return [line];
  const pieces: string[] = [];
  let current = '';
  let currentWidth = 0;
  for (const char of line) {
    const width = charWidth(char);
    if (currentWidth + width > maxWidth && current !== '') {
      pieces.push(current);
      current = '';
      currentWidth = 0;
    }
    current += char;
    currentWidth += width;
  }
  pieces.push(current);
  return pieces;
}

/**
 * Characters Steampipe removes from table cells: everything Go's `unicode.IsGraphic` and
 * `unicode.IsSpace` both reject (controls, format characters such as zero-width joiners and
 * bidi marks, private use, surrogates, unassigned). Whitespace controls are kept here and dealt
 * with by {@link sanitizeCell}.
 */
const NON_PRINTABLE = /[^\P{C}\t\n\v\f\r\u0085]/gu;

/**
 * Makes a value safe to draw inside a table cell: strips non-printable characters as Steampipe
 * does, and also normalises the whitespace controls Steampipe keeps but that would break the
 * box drawing (CRLF, lone CR, vertical tab, form feed, NEL and the Unicode line and paragraph separators
 * become line breaks; a tab
 * becomes four spaces, as go-pretty renders it).
 */
export function sanitizeCell(text: string): string {
  if (!/[^\x20-\x7e\n]/.test(text)) return text;
  return text
    .replace(NON_PRINTABLE, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\v\f\u0085\u2028\u2029]/g, '\n')
    .replace(/\t/g, '    ');
}
