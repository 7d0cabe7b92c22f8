/** Facts of the official JumpCloud specs that the simulator and the tables share, generated from them. */
import { ASSOCIATION_TARGETS } from './spec-facts.js';

export { EVENT_SERVICES } from './spec-facts.js';

/** The `targets` an associations list allows (`/api/v2/users/{user_id}/associations`): all the spec names. */
export function associationTargets(path: string): readonly string[] {
  const targets = ASSOCIATION_TARGETS[path];
  if (!targets) throw new Error(`${path} is not an associations list of the JumpCloud v2 spec`);
  return targets;
}
