/**
 * A LIKE pattern (for `LIKE … ESCAPE '\'`) that matches values containing `text` as written: its
 * own % and _ are not wildcards. Prisma's `contains` escapes them on PostgreSQL but not on SQLite,
 * where LIKE has no escape character unless the statement names one.
 */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;
