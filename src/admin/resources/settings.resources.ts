import { Resource as SqlResource, type ResourceMetadata } from '@adminjs/sql';
import type { ActionContext, ActionRequest, ResourceWithOptions } from 'adminjs';
import type { AdminUsersService } from '../../auth/adminUsers.service.js';
import type { ApiTokensService } from '../../auth/apiTokens.service.js';
import { Components } from '../componentLoader.js';
import { asPanelResult } from './appErrorToValidation.js';
import { postOnlyAction } from './postOnlyAction.js';

const SETTINGS = { name: 'Settings', icon: 'Settings' };

/** Admin users: passwords are set through the service (hashed), never shown. */
class AdminUsersSqlResource extends SqlResource {
  constructor(
    metadata: ResourceMetadata,
    private readonly admins: AdminUsersService,
  ) {
    super(metadata);
  }

  override async create(params: Record<string, unknown>) {
    const created = await asPanelResult(() =>
      this.admins.createAdmin({
        email: String(params.email ?? ''),
        password: String(params.password ?? ''),
        name: params.name ? String(params.name) : undefined,
      }),
    );
    return { id: created.id, email: created.email };
  }
}

export function adminUsersResource(metadata: ResourceMetadata, admins: AdminUsersService): ResourceWithOptions {
  return {
    resource: new AdminUsersSqlResource(metadata, admins),
    options: {
      id: 'admin_users',
      navigation: SETTINGS,
      titleProperty: 'email',
      listProperties: ['id', 'email', 'name', 'last_login_at'],
      properties: {
        password_hash: { isVisible: false },
        password: { type: 'password', isVisible: { list: false, show: false, filter: false, edit: true } },
        created_at: { isVisible: { list: false, show: true, edit: false, filter: false } },
        last_login_at: { isVisible: { list: true, show: true, edit: false, filter: false } },
      },
      actions: { edit: { isAccessible: false }, bulkDelete: { isAccessible: false } },
    },
  };
}

/** API tokens: created with a one-time reveal, revoked with a confirmation; never edited. */
export function apiTokensResource(metadata: ResourceMetadata, tokens: ApiTokensService): ResourceWithOptions {
  return {
    resource: new SqlResource(metadata),
    options: {
      id: 'api_tokens',
      navigation: SETTINGS,
      titleProperty: 'name',
      sort: { sortBy: 'created_at', direction: 'desc' },
      listProperties: ['id', 'name', 'token_prefix', 'created_at', 'last_used_at', 'revoked_at'],
      properties: { token_hash: { isVisible: false } },
      actions: {
        new: { isAccessible: false },
        edit: { isAccessible: false },
        delete: { isAccessible: false },
        bulkDelete: { isAccessible: false },
        createToken: {
          actionType: 'resource',
          icon: 'Key',
          component: Components.CreateApiToken,
          handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
            if (request.method !== 'post') return {};
            try {
              const created = await tokens.createToken({
                name: String(request.payload?.name ?? ''),
                createdBy: context.currentAdmin?.id ? Number(context.currentAdmin.id) : null,
              });
              return { token: created.token, id: created.id };
            } catch (err) {
              return { error: (err as Error).message };
            }
          },
        },
        revoke: {
          actionType: 'record',
          icon: 'XCircle',
          variant: 'danger',
          guard: 'Scripts using this token will stop working. Revoke',
          component: Components.ConfirmRecordAction,
          isVisible: ({ record }) => !record?.params.revoked_at,
          handler: postOnlyAction(async (id, context) => {
            await tokens.revokeToken(Number(id));
            return { redirectUrl: context.h.resourceUrl({ resourceId: 'api_tokens' }), notice: { message: 'Token revoked', type: 'success' } };
          }),
        },
      },
    },
  };
}
