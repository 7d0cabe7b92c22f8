import type { Node, ParseResult } from '@pgsql/types';

/**
 * libpg-query's parse tree, typed by @pgsql/types: a `Node` is an object with one key, its kind
 * (`{ SelectStmt: {…} }`), whose value is the node's body. These helpers read it without `any`.
 */
export type { Node, ParseResult };

type KindsOf<T> = T extends unknown ? keyof T : never;
type BodyOf<T, Kind extends PropertyKey> = T extends { [K in Kind]: infer Body } ? Body : never;

/** Every kind of node: `'SelectStmt' | 'RangeVar' | …`. */
export type NodeKind = KindsOf<Node>;
/** The body of a node of one kind: `NodeOf<'RangeVar'>` is `RangeVar`. */
export type NodeOf<Kind extends NodeKind> = BodyOf<Node, Kind>;
/** What `walk` hands its visitor: a kind and that kind's body, so checking the kind narrows the body. */
export type Visited = { [Kind in NodeKind]: [kind: Kind, node: NodeOf<Kind>] }[NodeKind];

/** The body of `node` when it is of `kind`, else undefined. */
export function nodeOf<Kind extends NodeKind>(node: Node | undefined, kind: Kind): NodeOf<Kind> | undefined {
  if (node === undefined || node === null || !(kind in node)) return undefined;
  // `kind in node` picked the union member; TypeScript cannot narrow on a generic key.
  return (node as { [K in Kind]: NodeOf<K> })[kind];
}

/** A `String` node's text (names in lists, operator names, column reference fields). */
export const stringOf = (node: Node | undefined): string | undefined => nodeOf(node, 'String')?.sval;

/**
 * Depth-first walk calling `visit(kind, node)` for every node below `root` (a node, a body, or a
 * list of them): `{ SelectStmt: {…} }` is visited as ('SelectStmt', {…}). Bodies met under a
 * lower-case key (`larg`, `relation`) are walked into but not visited: they are not tagged.
 */
export function walk(root: unknown, visit: (...visited: Visited) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (child && typeof child === 'object') {
          // A capitalised key is a node's kind (fields are lower-case): the child is that kind's body.
          if (/^[A-Z]/.test(key) && !Array.isArray(child)) visit(...([key, child] as Visited));
          stack.push(child);
        }
      }
    }
  }
}

/** Every node of one kind below `root`, in walk order. */
export function collect<Kind extends NodeKind>(root: unknown, kind: Kind): Array<NodeOf<Kind>> {
  const found: Array<NodeOf<Kind>> = [];
  walk(root, (visitedKind, node) => {
    if (visitedKind === kind) found.push(node as NodeOf<Kind>);
  });
  return found;
}
