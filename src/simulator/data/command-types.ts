/** The shapes of commands, command results and software apps, named after the spec's schemas. */

export type CommandType = 'linux' | 'mac' | 'windows';

/** The `command` schema (GET /api/commands/{id}), with the `_id` the API sends alongside it. */
export interface Command {
  _id: string;
  aiGenerated: boolean;
  command: string;
  commandRunners: string[];
  commandType: CommandType;
  description: string;
  files: string[];
  launchType: 'manual' | 'repeated' | 'one-time' | 'trigger';
  listensTo: string;
  name: string;
  organization: string;
  schedule: string;
  scheduleRepeatType: string;
  scheduleYear?: number;
  shell: string;
  sudo: boolean;
  template: string;
  templatingRequired: boolean;
  timeToLiveSeconds: number;
  timeout: string;
  trigger: string;
  user: string;
}

/** The `commandresult` schema (GET /api/commandresults/{id} and /api/commands/{id}/results). */
export interface CommandResult {
  _id: string;
  command: string;
  files: string[];
  name: string;
  organization: string;
  requestTime: string | null;
  response: { data: { exitCode: number; output: string }; error: string; id: string };
  responseTime: string | null;
  sudo: boolean;
  system: string;
  systemId: string;
  user: string;
  /** The command's id. */
  workflowId: string;
  workflowInstanceId: string;
}

/** One `software-app-settings` entry (the fields the demo apps use). */
export interface SoftwareAppSettings {
  packageId: string;
  autoUpdate: boolean;
  allowUpdateDelay: boolean;
  packageManager: 'APPLE_VPP' | 'CHOCOLATEY' | 'MICROSOFT_STORE';
  location: string;
  locationObjectId: string;
  desiredState: 'Install' | 'Uninstall';
  adminIntent: 'INTENT_UNSPECIFIED';
  description: string;
  packageVersion: string;
  scope: string;
  appleVpp?: {
    appConfiguration?: string;
    assignedLicenses: number;
    availableLicenses: number;
    details: Record<string, unknown>;
    isConfigEnabled?: boolean;
    supportedDeviceFamilies: string[];
    totalLicenses: number;
  };
  microsoftStore?: { packageFamilyName: string; nonRemovable: boolean; doNotUpdate: boolean };
  createdAt: string;
  updatedAt: string;
}

/** The `software-app` schema, as GET /api/v2/softwareapps/{id} returns it. */
export interface SoftwareApp {
  id: string;
  organization: string;
  displayName: string;
  createdAt: string | null;
  updatedAt: string | null;
  settings: SoftwareAppSettings[];
}

/** The `software-app-status` schema: one app on one device. */
export interface SoftwareAppStatus {
  id: string;
  softwareAppId: string;
  systemId: string;
  state: 'INSTALLED' | 'FAILED' | 'PENDING' | 'UNINSTALLED';
  details: string;
  code: number;
  timestamp: string;
  version: string;
}

/** What an object is bound to: devices directly and device groups. */
export interface Targets {
  systems: string[];
  systemGroups: string[];
}

export interface CommandsData {
  commands: Command[];
  commandResults: CommandResult[];
  /** command id → the devices and device groups it is bound to */
  commandTargets: Map<string, Targets>;
  softwareApps: SoftwareApp[];
  /** software app id → the devices and device groups it is bound to */
  softwareAppTargets: Map<string, Targets>;
  softwareAppStatuses: SoftwareAppStatus[];
}
