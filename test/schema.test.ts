import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/db/prisma-schema.ts';
import { printSchemaSDL } from '../src/graphql/print.ts';

describe('schema.graphql', () => {
  it('is what the Pothos schema prints (run `npm run schema:print` after changing the schema)', () => {
    expect(readFileSync(`${projectRoot}schema.graphql`, 'utf8')).toBe(printSchemaSDL());
  });

  it('types every mutation result as a union with the Error interface', () => {
    const sdl = printSchemaSDL();
    const mutations = /type Mutation \{([\s\S]*?)\n\}/.exec(sdl)?.[1] ?? '';
    const resultTypes = [...mutations.matchAll(/\):\s*(\w+)!/g)].map((match) => match[1]);
    expect(resultTypes.length).toBeGreaterThanOrEqual(13);
    for (const name of resultTypes) {
      expect(sdl, name).toMatch(new RegExp(`union ${name} = [^\\n]*ValidationError`));
    }
    expect(sdl).toMatch(/interface Error \{\s*code: ErrorCode!\s*message: String!\s*\}/);
  });
});
