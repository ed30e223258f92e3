import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { validate } from '../lib/validate.js';
import { notFound } from '../lib/errors.js';
import type { ApiTokensRepo } from './apiTokens.repo.js';

const TOKEN_PREFIX = 'acme_';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export interface TokenPrincipal {
  tokenId: number;
  name: string;
  createdBy: number | null;
}

/** API tokens: random 32-byte secrets shown once, stored as SHA-256, revocable. */
export function createApiTokensService({ repo }: { repo: ApiTokensRepo }) {
  return {
    /** Creates a token and returns it in full: the only time it can be seen. */
    async createToken(input: { name: string; createdBy?: number | null }) {
      const { name } = validate(z.object({ name: z.string().trim().min(1, 'is required').max(200) }), input);
      const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const row = await repo.insert({
        name,
        token_prefix: token.slice(0, 12),
        token_hash: sha256(token),
        created_by: input.createdBy ?? null,
      });
      return { id: row.id, name: row.name, token, createdAt: row.created_at };
    },

    /** The principal for a bearer token, or null when unknown or revoked. */
    async verifyToken(token: string): Promise<TokenPrincipal | null> {
      if (!token.startsWith(TOKEN_PREFIX)) return null;
      const row = await repo.findActiveByHash(sha256(token));
      if (!row) return null;
      await repo.touch(row.id);
      return { tokenId: row.id, name: row.name, createdBy: row.created_by };
    },

    async revokeToken(id: number) {
      const row = await repo.findById(id);
      if (!row) throw notFound(`API token ${id}`);
      await repo.revoke(id);
    },
  };
}
export type ApiTokensService = ReturnType<typeof createApiTokensService>;
