import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogIn, Me, SignUp } from './support/operations.ts';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from './support/server.ts';
import { signUpUser } from './support/fixtures.ts';
import { databaseMissing, testProvider } from './support/database.ts';

describe.skipIf(databaseMissing)(`auth (${testProvider})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it('signs up with a lower-cased email and returns a working token', async () => {
    const { signUp } = await server.client.data(SignUp, {
      input: { email: '  Ada.Lovelace@Example.COM ', password: 'analytical engine', fullName: 'Ada Lovelace' },
    });
    expect(signUp.__typename).toBe('AuthPayload');
    if (signUp.__typename !== 'AuthPayload') return;
    expect(signUp.user.email).toBe('ada.lovelace@example.com');
    expect(signUp.user.role).toBe('USER');
    const { me } = await server.client.data(Me, {}, { token: signUp.token });
    expect(me).toEqual({ id: signUp.user.id, email: 'ada.lovelace@example.com', fullName: 'Ada Lovelace' });
  });

  it('refuses a duplicate email, whatever its case, with CONFLICT', async () => {
    const input = { email: 'dup@example.com', password: 'long enough pw', fullName: 'First' };
    expect((await server.client.data(SignUp, { input })).signUp.__typename).toBe('AuthPayload');
    const again = await server.client.data(SignUp, { input: { ...input, email: 'DUP@example.com' } });
    expect(again.signUp).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
  });

  it.each([
    [{ email: 'not-an-email', password: 'long enough pw', fullName: 'X' }, ['input', 'email']],
    [{ email: 'short@example.com', password: 'short', fullName: 'X' }, ['input', 'password']],
    [{ email: 'empty@example.com', password: 'long enough pw', fullName: '   ' }, ['input', 'fullName']],
    [{ email: 'huge@example.com', password: 'long enough pw', fullName: 'x'.repeat(10_000) }, ['input', 'fullName']],
    [{ email: `${'x'.repeat(300)}@example.com`, password: 'long enough pw', fullName: 'X' }, ['input', 'email']],
    [{ email: 'hugepw@example.com', password: 'p'.repeat(1_000), fullName: 'X' }, ['input', 'password']],
  ])('rejects bad sign-up input %# with BAD_USER_INPUT at the field', async (input, path) => {
    const { signUp } = await server.client.data(SignUp, { input });
    expect(signUp).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    if (signUp.__typename !== 'ValidationError') return;
    expect(signUp.fieldErrors.map((e) => e.path)).toContainEqual(path);
  });

  it('logs in with the right password only, without telling which part was wrong', async () => {
    const user = await signUpUser(server.client, 'Login');
    const ok = await server.client.data(LogIn, { input: { email: user.email.toUpperCase(), password: 'correct horse battery' } });
    expect(ok.logIn.__typename).toBe('AuthPayload');
    const wrongPassword = await server.client.data(LogIn, { input: { email: user.email, password: 'wrong password' } });
    const unknownEmail = await server.client.data(LogIn, { input: { email: 'nobody@example.com', password: 'whatever1' } });
    expect(wrongPassword.logIn).toMatchObject({ __typename: 'UnauthenticatedError', code: 'UNAUTHENTICATED' });
    expect(unknownEmail.logIn).toEqual(wrongPassword.logIn);
  });

  it('answers me with null without a token', async () => {
    expect(await server.client.data(Me, {})).toEqual({ me: null });
  });

  it('rejects tampered, expired, foreign-key and malformed tokens with UNAUTHENTICATED', async () => {
    const user = await signUpUser(server.client, 'Tokens');
    const [header, payload, signature] = user.token.split('.');
    const tamperedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'someone-else' }),
    ).toString('base64url');
    const key = new TextEncoder().encode(TEST_JWT_SECRET);
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('herald')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(key);
    const otherKey = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('herald')
      .setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-that-is-also-long-enough'));
    for (const token of [`${header}.${tamperedPayload}.${signature}`, expired, otherKey, 'garbage']) {
      const result = await server.client.request(Me, {}, { token });
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const expiredResult = await server.client.request(Me, {}, { token: expired });
    expect(expiredResult.errors?.[0]?.message).toMatch(/expired/i);
    const badScheme = await server.client.request(Me, {}, { headers: { authorization: `Basic ${user.token}` } });
    expect(badScheme.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('stores passwords only as argon2id hashes', async () => {
    const user = await signUpUser(server.client, 'Hash');
    const { openDatabase, prisma } = await import('../src/db/client.ts');
    void openDatabase;
    const row = await prisma.user.findUniqueOrThrow({ where: { email: user.email } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain('correct horse battery');
  });
});
