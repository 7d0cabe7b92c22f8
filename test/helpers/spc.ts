import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { makeTempDir } from './engine.js';

/** A fresh config dir holding `jumpcloud.spc` with this text, readable by its owner only. */
export function writeConfig(text: string): string {
  const dir = makeTempDir('jcsql-spc-');
  writeFileSync(join(dir, 'jumpcloud.spc'), text, { mode: 0o600 });
  return dir;
}

/**
 * A config dir for an MSP admin with two tenants of one simulator: connections `jc_first` and
 * `jc_second` (one org each) and the aggregator `jc_all` over both.
 */
export function writeTwoTenantConfig(simulator: RunningSimulator): string {
  const connection = (name: string, orgId: string) => `
connection "${name}" {
  plugin  = "jumpcloud"
  api_key = "${simulator.apiKey}"
  org_id  = "${orgId}"
  api_url = "${simulator.url}"
}
`;
  const [first, second] = simulator.orgIds;
  return writeConfig(`${connection('jc_first', first!)}${connection('jc_second', second!)}
connection "jc_all" {
  type        = "aggregator"
  plugin      = "jumpcloud"
  connections = ["jc_*"]
}
`);
}
