import { col } from '../sdk/index.js';
import { apiTable, organizationIdColumn, titleColumn } from './common.js';

/** An IP list, as `/api/v2/iplists` lists it. */
export interface IpList extends Record<string, unknown> {
  id: string;
  name?: string;
}

export const jumpcloud_ip_list = apiTable<IpList>({
  name: 'jumpcloud_ip_list',
  description:
    'JumpCloud IP List: named sets of IP addresses and ranges that authentication policies refer to.',
  list: { path: '/api/v2/iplists', paging: 'v2' },
  get: '/api/v2/iplists/{id}',
  columns: [
    col.string('id', 'The ID of the IP list.'),
    col.string('name', 'The name of the IP list.'),
    col.string('description', 'The description of the IP list.'),
    col.json('ips', 'The IP addresses and ranges (CIDR) of the list.'),
    organizationIdColumn(),
    titleColumn('name'),
  ],
});
