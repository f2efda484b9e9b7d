import { errors, jwtVerify, SignJWT } from 'jose';
import { UnauthenticatedError } from '../domain/errors.ts';

const ISSUER = 'herald';

export interface VerifiedToken {
  userId: string;
  expiresAt: Date;
}

export interface TokenSigner {
  sign(userId: string): Promise<string>;
  /** Tokens without an expiry, issuer or subject are refused. */
  verify(token: string): Promise<VerifiedToken>;
}

/** `secret` is read on first use, so scripts that never sign or verify need none. */
export function createTokenSigner(secret: () => string, expiresIn: string): TokenSigner {
  let cachedKey: Uint8Array | undefined;
  const keyOf = () => (cachedKey ??= new TextEncoder().encode(secret()));
  return {
    sign: (userId) =>
      new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuer(ISSUER).setIssuedAt().setExpirationTime(expiresIn).sign(keyOf()),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keyOf(), { issuer: ISSUER, algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
        if (!payload.sub || !payload.exp) throw new UnauthenticatedError('Invalid token');
        return { userId: payload.sub, expiresAt: new Date(payload.exp * 1000) };
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new UnauthenticatedError('Token expired');
        throw new UnauthenticatedError('Invalid token');
      }
    },
  };
}
