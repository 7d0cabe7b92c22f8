/** One end of a graph edge: a graph object's type (GraphType: `user`, `system_group`, …) and id. */
export interface GraphRef {
  type: string;
  id: string;
}

/**
 * A direct association as a family of objects declares it (a policy bound to a device group);
 * `edges.ts` registers each family's and indexes them both ways.
 */
export interface DirectEdge {
  from: GraphRef;
  to: GraphRef;
}
