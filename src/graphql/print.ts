import { printSchema } from 'graphql';
import { schema } from './schema.ts';

export const printSchemaSDL = () => `${printSchema(schema)}\n`;
