// npm run restore -- <file> [--force]: restores a backup into DATABASE_URL, then migrates it.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeDatabaseUrl } from '../src/db/adapter.ts';
import { BackupError, restoreDatabase } from '../src/db/backup/backup.ts';

const usage = 'Usage: npm run restore -- <file> [--force]   (--force replaces a database that is not empty)';
const databaseUrl = process.env.DATABASE_URL || 'file:./data/herald.db';
// npm runs scripts in the project root; a relative path means where the user typed it.
const fromUserDirectory = (file: string) => resolve(process.env.INIT_CWD ?? process.cwd(), file);

try {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new BackupError(usage);
  const { appliedMigrations } = await restoreDatabase(databaseUrl, fromUserDirectory(positionals[0]), { force: values.force });
  console.log(`Restored ${positionals[0]} into ${describeDatabaseUrl(databaseUrl)}`);
  if (appliedMigrations.length > 0) console.log(`Applied ${appliedMigrations.length} migration(s) the backup predates:\n${appliedMigrations.map((name) => `  ${name}`).join('\n')}`);
} catch (error) {
  if (!(error instanceof BackupError) && !(error instanceof TypeError && 'code' in error)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
