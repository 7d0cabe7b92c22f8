/** Number formatting shared by the formatters and the timing line. */

/** `-1234567` → `-1,234,567`. Takes the decimal digits (with an optional sign) as text so int8 keeps every digit. */
export function groupThousands(integerText: string): string {
  const negative = integerText.startsWith('-');
  const digits = negative ? integerText.slice(1) : integerText;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return negative ? `-${grouped}` : grouped;
}

/** `10000` → `10,000` for counts (rows, calls). */
export function humanizeCount(count: number | bigint): string {
  return groupThousands(typeof count === 'bigint' ? count.toString() : String(Math.trunc(count)));
}

/** Turns JavaScript's exponent notation (`1.5e+21`, `1e-7`) into plain decimal digits. */
function expandExponent(text: string): string {
  const negative = text.startsWith('-');
  const unsigned = negative ? text.slice(1) : text;
  const [mantissa = '', exponentText = '0'] = unsigned.split('e');
  const [integerPart = '', fraction = ''] = mantissa.split('.');
  const digits = integerPart + fraction;
  const point = integerPart.length + Number(exponentText);
  let plain: string;
  if (point <= 0) plain = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = digits + '0'.repeat(point - digits.length);
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${plain}` : plain;
}

/**
 * The shortest text that reads back as the same float32 (what Go prints for a `float32`);
 * float4 values arrive widened to doubles, so `0.1` would otherwise print as `0.10000000149011612`.
 */
function shortestFloat32(value: number): string {
  const target = Math.fround(value);
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = Number(value.toPrecision(precision));
    if (Math.fround(candidate) === target) return String(candidate);
  }
  return String(value);
}

/**
 * A float as Steampipe's table/csv/line show it: go-kit `ToString` uses
 * `strconv.FormatFloat(v, 'f', -1, 64)`, i.e. the shortest round-tripping digits, never an
 * exponent (`1e21` prints as `1000000000000000000000`). NaN and infinities, which Go would print
 * as `NaN`/`+Inf`, are spelled as Postgres spells them (`NaN`, `Infinity`, `-Infinity`).
 */
export function formatFloat(value: number, float32 = false): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Object.is(value, -0)) return '-0';
  const text = float32 ? shortestFloat32(value) : String(value);
  return text.includes('e') ? expandExponent(text) : text;
}

/**
 * A finite float as Go's encoding/json writes it. Go switches to exponent notation below 1e-6
 * and from 1e21, exactly where JavaScript does, and its exponent clean-up (`e-07` → `e-7`)
 * gives JavaScript's spelling, so `String()` matches except for negative zero.
 */
export function jsonFloat(value: number, float32 = false): string {
  if (Object.is(value, -0)) return '-0';
  return float32 ? shortestFloat32(value) : String(value);
}
