/**
 * The API objects jcsql reads, as the official spec names their fields. Only what the tables use
 * is spelled out; every object keeps the rest of what the API sent (JSON columns pass it through).
 */
type ApiObject = Record<string, unknown>;

export interface SystemUser extends ApiObject {
  _id: string;
  username?: string;
  email?: string;
}

export interface System extends ApiObject {
  _id: string;
  displayName?: string;
  os?: string;
  organization?: string;
}

export interface Application extends ApiObject {
  _id: string;
  name?: string;
}

export interface OrganizationListItem extends ApiObject {
  _id: string;
  displayName?: string;
  logoUrl?: string | null;
}

export interface Organization extends OrganizationListItem {}

export interface RadiusServer extends ApiObject {
  _id: string;
  name?: string;
}

export interface UserGroup extends ApiObject {
  id: string;
  name?: string;
  type?: string;
  attributes?: { sambaEnabled?: boolean; posixGroups?: Array<{ id: number; name: string }> } | null;
}

export interface GraphObject {
  id: string;
  type: string;
}

export interface GraphObjectWithPaths extends ApiObject {
  id: string;
  type: string;
}

export interface GraphConnection extends ApiObject {
  to: GraphObject;
}

export interface SystemInsightsRow extends ApiObject {
  system_id: string;
}
