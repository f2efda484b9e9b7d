// npm run backup -- <file> [--force]: backs up DATABASE_URL while the server keeps running.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeDatabaseUrl } from '../src/db/adapter.ts';
import { BackupError, backupDatabase } from '../src/db/backup/backup.ts';

const usage = 'Usage: npm run backup -- <file> [--force]   (--force overwrites an existing file)';
const databaseUrl = process.env.DATABASE_URL || 'file:./data/herald.db';
// npm runs scripts in the project root; a relative path means where the user typed it.
const fromUserDirectory = (file: string) => resolve(process.env.INIT_CWD ?? process.cwd(), file);

try {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new BackupError(usage);
  const file = await backupDatabase(databaseUrl, fromUserDirectory(positionals[0]), { force: values.force });
  console.log(`Backed up ${describeDatabaseUrl(databaseUrl)} to ${file}`);
} catch (error) {
  if (!(error instanceof BackupError) && !(error instanceof TypeError && 'code' in error)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
