/** jcsql's version: `jcsql --version`, `sp_ctx`, and the User-Agent sent to JumpCloud. */
export const JCSQL_VERSION = '0.1.0';
