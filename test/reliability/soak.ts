/**
 * `npm run soak` sets JCSQL_SOAK=1: the reliability suite then runs longer and wider (more fuzz
 * cases from a fresh seed, more queries per load client, more fault seeds) than CI can afford.
 */
export const SOAK = process.env.JCSQL_SOAK === '1';

/** The CI figure, or the soak figure under `npm run soak`. */
export const soakScale = <T>(ci: T, soak: T): T => (SOAK ? soak : ci);
