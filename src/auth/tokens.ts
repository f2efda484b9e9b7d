import { errors, jwtVerify, SignJWT } from 'jose';
import { UnauthenticatedError } from '../domain/errors.ts';

const ISSUER = 'herald';

export interface TokenSigner {
  sign(userId: string): Promise<string>;
  verify(token: string): Promise<string>;
}

export function createTokenSigner(secret: string, expiresIn: string): TokenSigner {
  const key = new TextEncoder().encode(secret);
  return {
    sign: (userId) =>
      new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuer(ISSUER).setIssuedAt().setExpirationTime(expiresIn).sign(key),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'] });
        if (!payload.sub) throw new UnauthenticatedError('Invalid token');
        return payload.sub;
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new UnauthenticatedError('Token expired');
        throw new UnauthenticatedError('Invalid token');
      }
    },
  };
}
