/** Levenshtein distance: the fewest single-character edits that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/**
 * Up to three names within a small edit distance, nearest first. The distance is at least the
 * difference in length, so a name far longer than every candidate (a pasted megabyte, say) is
 * never compared character by character.
 */
export function nearest(name: string, candidates: string[]): string[] {
  const within = (candidate: string) => Math.max(2, Math.floor(candidate.length / 3));
  const scored = candidates
    .filter((candidate) => Math.abs(candidate.length - name.length) <= within(candidate))
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter(({ candidate, distance }) => distance <= within(candidate))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, 3).map(({ candidate }) => candidate);
}
