// Prints the Pothos schema to schema.graphql (sorted, so diffs stay readable).
import { writeFileSync } from 'node:fs';
import { projectRoot } from '../src/db/prisma-schema.ts';
import { printSchemaSDL } from '../src/graphql/print.ts';

writeFileSync(`${projectRoot}schema.graphql`, printSchemaSDL());
console.log('wrote schema.graphql');
