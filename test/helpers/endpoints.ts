/** Endpoints the client tests read directly (the tables declare their own). */
import type { ListEndpoint } from '../../src/client/index.js';

export const USERS = { path: '/api/systemusers', paging: 'v1' } as const satisfies ListEndpoint;
export const USER_GROUPS = { path: '/api/v2/usergroups', paging: 'v2' } as const satisfies ListEndpoint;
export const USER_GROUP_MEMBERS = '/api/v2/usergroups/{group_id}/members';

export interface User {
  _id: string;
}
export interface Group {
  id: string;
}
