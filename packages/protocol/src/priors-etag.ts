/**
 * The ETag of priors snapshot `version`: the version in double quotes.
 *
 * @example
 * priorsETag(12); // '"12"'
 */
export function priorsETag(version: number): string {
  return `"${version}"`;
}

/**
 * True when an `If-None-Match` header matches snapshot `version` (so the answer is 304):
 * `*`, or a list holding `"<version>"`, weak (`W/`) or strong.
 *
 * @example
 * etagMatches('"11", W/"12"', 12); // true
 * etagMatches(null, 12); // false
 */
export function etagMatches(ifNoneMatch: string | null | undefined, version: number): boolean {
  if (!ifNoneMatch) return false;
  const wanted = priorsETag(version);
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed === wanted || trimmed === `W/${wanted}`;
  });
}
