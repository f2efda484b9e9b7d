import { databaseProvider } from '../../db/provider.ts';
import { lockRow } from '../../db/row-lock.ts';
import type { Transaction } from '../../jobs/job-queue.ts';

type LockedTable = 'Business' | 'Campaign' | 'Content' | 'Message';

/**
 * Holds the rows about to be moved to the trash until the transaction ends, so nothing is added
 * below them or changed between reading them and deleting them (a row written meanwhile would be
 * erased by the cascade without being kept). PostgreSQL: FOR UPDATE also blocks inserts that
 * reference the rows (lockRow's write of nothing does not). SQLite: any write takes the database's
 * single write lock, as lockRow's does.
 */
export async function lockRows(tx: Transaction, table: LockedTable, column: 'id' | 'campaignId' | 'businessId', value: string): Promise<void> {
  if (databaseProvider() === 'postgresql') {
    await tx.$queryRawUnsafe(`SELECT 1 FROM "${table}" WHERE "${column}" = $1 FOR UPDATE`, value);
  } else {
    await lockRow(tx, table, { [column]: value });
  }
}
