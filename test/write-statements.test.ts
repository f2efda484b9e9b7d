import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseMissing, testProvider } from './support/database.ts';
import { createBusiness, createCampaign, createContent, signUpUser, type TestUser } from './support/fixtures.ts';
import { jobsIdle } from './support/jobs.ts';
import { TransitionContent, UpdateCampaign, UpdateContent } from './support/operations.ts';
import { untilNoStatements } from './support/quiet.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { dataWithStatements } from './support/sql-statements.ts';

// The statements an edit costs: a transaction locks a row once, and reads it again only where a
// write may have changed it since. The bounds are today's counts (they were 17, 8 and 12 through the
// commit on PostgreSQL, 17, 7 and 12 on SQLite), so a lock or read added back fails here.
//
// Through the edit's commit the count is exact on both databases. After it, background work (the
// job workers the commit wakes, on SQLite in the same database; cache invalidations of the events)
// may or may not land within the request, so the whole request is bounded on PostgreSQL only,
// whose job queue runs outside Prisma.

type Mutation = 'updateContent' | 'transitionContent' | 'updateCampaign';
const throughCommit: Record<Mutation, number> = { updateContent: 11, transitionContent: testProvider === 'postgresql' ? 8 : 7, updateCampaign: 8 };
const wholeRequestOnPostgres: Record<Mutation, number> = { updateContent: 13, transitionContent: 10, updateCampaign: 12 };

/** A row lock: lockRow's or lockRowsByKey's (PostgreSQL), lockRow's write of nothing (SQLite). */
const isLock = (sql: string) => /FOR NO KEY UPDATE|FOR UPDATE|SET "id" = "id"/.test(sql);

function expectWithinBounds(mutation: Mutation, statements: string[]) {
  const commit = statements.indexOf('COMMIT');
  expect(commit).toBeGreaterThan(0);
  const transaction = statements.slice(0, commit + 1);
  expect(transaction.filter(isLock).length).toBeLessThanOrEqual(1);
  expect(transaction.length).toBeLessThanOrEqual(throughCommit[mutation]);
  if (testProvider === 'postgresql') expect(statements.length).toBeLessThanOrEqual(wholeRequestOnPostgres[mutation]);
}

describe.skipIf(databaseMissing)(`statements of an edit (${testProvider})`, () => {
  let server: TestServer;
  let owner: TestUser;
  let campaignId: string;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await signUpUser(server.client, 'Counter');
    const businessId = (await createBusiness(server.client, owner)).id;
    campaignId = (await createCampaign(server.client, owner, businessId)).id;
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function counted<T>(document: TypedDocumentNode<T, any>, variables: Record<string, unknown>) {
    expect(await jobsIdle(server.app.jobs)).toBe(true);
    await untilNoStatements();
    const { data, statements } = await dataWithStatements<T>(server.client, print(document), variables, { token: owner.token });
    if (process.env.PRINT_STATEMENTS) console.log(`${Object.keys(data as object)[0]}: ${statements.length}, ${statements.indexOf('COMMIT') + 1} through the commit\n${statements.map((sql, i) => `${i + 1}. ${sql.slice(0, 240)}`).join('\n')}`);
    return { data, statements };
  }

  it('updateContent locks and reads the content once in its transaction', async () => {
    const content = await createContent(server.client, owner, campaignId);
    const { data, statements } = await counted(UpdateContent, { input: { id: content.id, caption: 'Counted caption', hashtags: ['#counted'] } });
    expect(data.updateContent).toMatchObject({ __typename: 'Content', caption: 'Counted caption' });
    expectWithinBounds('updateContent', statements);
  });

  it('transitionContent locks the content once', async () => {
    const content = await createContent(server.client, owner, campaignId);
    const { data, statements } = await counted(TransitionContent, { id: content.id, to: 'REVIEW' });
    expect(data.transitionContent).toMatchObject({ __typename: 'Content', status: 'REVIEW' });
    expectWithinBounds('transitionContent', statements);
  });

  it('updateCampaign locks and reads the campaign once in its transaction', async () => {
    const { data, statements } = await counted(UpdateCampaign, { input: { id: campaignId, name: 'Counted campaign' } });
    expect(data.updateCampaign).toMatchObject({ __typename: 'Campaign', name: 'Counted campaign' });
    expectWithinBounds('updateCampaign', statements);
  });
});
