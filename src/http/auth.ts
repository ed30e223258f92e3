import type { RequestHandler } from 'express';
import type { ApiTokensService, TokenPrincipal } from '../auth/apiTokens.service.js';
import type { CurrentAdmin } from '../auth/adminUsers.service.js';
import { unauthorized } from '../lib/errors.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Who is calling: an API token, or an admin session (the panel's own calls). */
      principal?: { kind: 'token'; token: TokenPrincipal } | { kind: 'admin'; admin: CurrentAdmin };
    }
  }
}

/**
 * Requires `Authorization: Bearer <token>`, or a logged-in panel session so the admin
 * components can call the API with their cookie.
 */
export function requireApiAuth(tokens: ApiTokensService): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const principal = match ? await tokens.verifyToken(match[1]!) : null;
      if (!principal) {
        res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
        throw unauthorized('Invalid or revoked API token');
      }
      req.principal = { kind: 'token', token: principal };
      return next();
    }
    const admin = (req.session as { adminUser?: CurrentAdmin } | undefined)?.adminUser;
    if (admin) {
      req.principal = { kind: 'admin', admin };
      return next();
    }
    res.setHeader('WWW-Authenticate', 'Bearer');
    throw unauthorized('Send Authorization: Bearer <token>');
  };
}
