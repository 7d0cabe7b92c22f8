export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** `YYYY-MM-DDTHH:mm:ss.SSSZ`, the form JumpCloud emits. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** Creation times are absolute (so ids stay stable from day to day); activity is relative to `now`. */
export const CREATION_START = Date.UTC(2020, 2, 2);
export const CREATION_END = Date.UTC(2025, 8, 30);

/** A MongoDB ObjectId: 4-byte timestamp, then 8 bytes that make it unique. Sorting by id sorts by creation. */
export function objectId(createdMs: number, serial: number, tag: number): string {
  const seconds = Math.floor(createdMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return (
    seconds +
    (tag & 0xffffff).toString(16).padStart(6, '0') +
    (serial & 0xffffffffff).toString(16).padStart(10, '0')
  );
}
