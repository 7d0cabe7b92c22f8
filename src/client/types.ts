/**
 * The v2 graph shapes every association and member list answers with (the official spec's
 * GraphConnection and GraphObjectWithPaths). The objects of each list are the tables' own types.
 */
type ApiObject = Record<string, unknown>;

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
