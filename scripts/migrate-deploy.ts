// Applies the committed migrations to DATABASE_URL, like `prisma migrate deploy`.
import { migrateDatabase } from '../src/db/migrate.ts';

const databaseUrl = process.env.DATABASE_URL || 'file:./data/herald.db';
const { applied } = await migrateDatabase(databaseUrl);
if (applied.length === 0) console.log('No pending migrations.');
else console.log(`Applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}`).join('\n')}`);
