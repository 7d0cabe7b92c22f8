import { creationTimes, Kind, nextId, type OrgContext } from './context.js';
import { DAY, HOUR, iso, MINUTE } from './time.js';
import type { OsFamily, System, SystemUser } from './types.js';

interface OsRelease {
  os: string;
  version: string;
  releaseName: string;
  distribution: string;
}

const RELEASES: Record<OsFamily, readonly OsRelease[]> = {
  darwin: [
    { os: 'Mac OS X', version: '14.5', releaseName: 'Sonoma', distribution: '' },
    { os: 'Mac OS X', version: '13.6.7', releaseName: 'Ventura', distribution: '' },
    { os: 'Mac OS X', version: '12.7.5', releaseName: 'Monterey', distribution: '' },
  ],
  windows: [
    { os: 'Windows', version: '11 Pro', releaseName: '23H2', distribution: '' },
    { os: 'Windows', version: '11 Enterprise', releaseName: '22H2', distribution: '' },
    { os: 'Windows', version: '10 Pro', releaseName: '22H2', distribution: '' },
  ],
  linux: [
    { os: 'Ubuntu', version: '22.04', releaseName: 'Jammy Jellyfish', distribution: 'ubuntu' },
    { os: 'Ubuntu', version: '24.04', releaseName: 'Noble Numbat', distribution: 'ubuntu' },
    { os: 'Fedora', version: '40', releaseName: 'Forty', distribution: 'fedora' },
    { os: 'Amazon Linux', version: '2023', releaseName: '', distribution: 'amzn' },
  ],
};

const AGENT_VERSIONS = ['1.150.0', '1.163.0', '1.170.0'] as const;

/** Device indices with a guaranteed trait (when the org has that many devices). */
const EXEMPLAR = { noFde: 3, stale: 4, neverContacted: 5, rootLogin: 2 } as const;

export function generateSystems(ctx: OrgContext, count: number, users: readonly SystemUser[]): System[] {
  const { rng, now } = ctx;
  const times = creationTimes(ctx, count, Date.UTC(2021, 0, 4));
  const activeUsers = users.filter((u) => u.state === 'ACTIVATED');
  const systems: System[] = new Array(count);

  for (let j = 0; j < count; j++) {
    const created = times[j]!;
    // The first three are one of each OS; after that macOS 50%, Windows 35%, Linux 15%.
    const family: OsFamily =
      j < 3
        ? (['darwin', 'windows', 'linux'] as const)[j]!
        : rng.weighted([
            ['darwin', 50],
            ['windows', 35],
            ['linux', 15],
          ] as const);
    const release = rng.pick(RELEASES[family]);
    // Linux devices 0..: the first is a desktop (so it has Zoom); later ones are often servers.
    const server = family === 'linux' && j !== 2 && rng.chance(0.6);
    const owner = !server && activeUsers.length > 0 && rng.chance(0.85) ? rng.pick(activeUsers) : undefined;
    const first = owner?.firstname ?? 'shared';
    const hostname =
      family === 'darwin'
        ? `${first.toLowerCase()}s-macbook-${rng.hex(4)}`
        : family === 'windows'
          ? `DESKTOP-${rng.hex(7).toUpperCase()}`
          : server
            ? `${rng.pick(['web', 'db', 'build', 'vpn'])}-${String(j).padStart(2, '0')}`
            : `${first.toLowerCase()}-thinkpad`;
    const displayName = family === 'darwin' && owner ? `${owner.firstname}'s MacBook Pro` : hostname;

    const stale = j === EXEMPLAR.stale || (j > 5 && rng.chance(0.12));
    const never = j === EXEMPLAR.neverContacted || (j > 5 && rng.chance(0.03));
    const lastContact = never
      ? null
      : stale
        ? now - rng.int(31, 200) * DAY
        : now - rng.int(1, 72 * 60) * MINUTE;
    const fdeRate = family === 'darwin' ? 0.85 : family === 'windows' ? 0.7 : 0.3;
    const fdeActive = j !== EXEMPLAR.noFde && rng.chance(fdeRate);
    const rootLogin =
      family !== 'windows' && (j === EXEMPLAR.rootLogin || rng.chance(family === 'linux' ? 0.35 : 0.05));
    const sshPassword = family !== 'windows' && rng.chance(family === 'linux' ? 0.4 : 0.2);
    const arm = family === 'darwin' ? rng.chance(0.6) : false;
    const arch = arm ? 'arm64' : 'x86_64';
    const [major = '0', minor = '0', patch = '0'] = release.version
      .split(/[ .]/)
      .filter((p) => /^\d+$/.test(p));
    const mdmEnrolled = family !== 'linux' && rng.chance(0.7);
    const insights = j < 3 || rng.chance(0.93) ? 'enabled' : rng.pick(['disabled', 'deferred'] as const);
    const ec2 = server && rng.chance(0.6);
    const ip = `${rng.pick([73, 98, 174, 24])}.${rng.int(1, 254)}.${rng.int(1, 254)}.${rng.int(1, 254)}`;
    const lan = `192.168.${rng.int(0, 20)}.${rng.int(2, 250)}`;
    const nic = family === 'darwin' ? 'en0' : family === 'windows' ? 'Ethernet' : 'eth0';
    const loop = family === 'darwin' ? 'lo0' : family === 'windows' ? 'Loopback Pseudo-Interface 1' : 'lo';
    const domainJoined = family === 'windows' && rng.chance(0.3);
    const userName = owner?.username ?? (family === 'windows' ? 'Administrator' : 'ubuntu');

    systems[j] = {
      _id: nextId(ctx, Kind.system, created),
      active: !stale && !never,
      agentHasFullDiskAccess: family === 'darwin' && rng.chance(0.9),
      agentVersion: rng.pick(AGENT_VERSIONS),
      allowMultiFactorAuthentication: rng.chance(0.4),
      allowPublicKeyAuthentication: family !== 'windows' && rng.chance(0.8),
      allowSshPasswordAuthentication: sshPassword,
      allowSshRootLogin: rootLogin,
      amazonInstanceID: ec2 ? `i-0${rng.hex(16)}` : '',
      arch,
      archFamily: arm ? 'arm' : 'x86',
      attributes: server ? [{ name: 'environment', value: rng.pick(['production', 'staging']) }] : [],
      azureAdJoined: family === 'windows' && !domainJoined && rng.chance(0.3),
      builtInCommands: [],
      connectionHistory: never
        ? []
        : [{ ip, connectedAt: iso(lastContact! - rng.int(1, 8) * HOUR), disconnectedAt: iso(lastContact!) }],
      created: iso(created),
      description: server ? `${release.os} server` : rng.chance(0.1) ? 'Loaner device' : '',
      desktopCapable: !server,
      displayManager: family === 'linux' && !server ? 'gdm3' : '',
      displayName,
      domainInfo: { partOfDomain: domainJoined, domainName: domainJoined ? `corp.${ctx.domain}` : '' },
      fde: { active: fdeActive, keyPresent: fdeActive && rng.chance(0.9) },
      fileSystem: rng.chance(0.1)
        ? null
        : family === 'darwin'
          ? 'apfs'
          : family === 'windows'
            ? 'NTFS'
            : rng.pick(['ext4', 'xfs']),
      hasServiceAccount: family === 'darwin',
      hostname,
      hwVendor:
        family === 'darwin' ? 'Apple Inc.' : ec2 ? 'Amazon EC2' : rng.pick(['Dell Inc.', 'LENOVO', 'HP']),
      isPolicyBound: rng.chance(0.6),
      lastContact: lastContact === null ? null : iso(lastContact),
      mdm: mdmEnrolled
        ? {
            vendor: 'internal',
            dep: family === 'darwin' && rng.chance(0.5),
            userApproved: true,
            enrollmentType: family === 'darwin' && rng.chance(0.5) ? 'automated device' : 'device',
            profileIdentifier: `com.jumpcloud.mdm.${rng.hex(8)}`,
            internal:
              family === 'windows'
                ? { windowsDeviceId: rng.uuid().toUpperCase() }
                : { deviceId: rng.hex(24) },
          }
        : { vendor: 'none' },
      modifySSHDConfig: family === 'linux' && rng.chance(0.7),
      networkInterfaces: [
        { address: lan, family: 'IPv4', internal: false, name: nic },
        { address: `fe80::${rng.hex(4)}:${rng.hex(4)}`, family: 'IPv6', internal: false, name: nic },
        { address: '127.0.0.1', family: 'IPv4', internal: true, name: loop },
      ],
      organization: ctx.orgId,
      os: release.os,
      osFamily: family,
      osVersionDetail: {
        osName: release.os,
        releaseName: release.releaseName,
        major,
        minor,
        patch,
        majorNumber: Number(major),
        minorNumber: Number(minor),
        patchNumber: Number(patch),
        revision: '',
        distributionName: release.distribution,
        version: release.version,
      },
      policyStats: {
        duplicate: 0,
        failed: rng.chance(0.1) ? 1 : 0,
        pending: 0,
        success: 3,
        total: 3,
        unsupportedOs: 0,
      },
      primarySystemUser: { id: owner?._id ?? null },
      provisionMetadata: {
        provisioner:
          mdmEnrolled && rng.chance(0.4)
            ? { type: 'mdm', provisionerId: ctx.orgId }
            : { type: owner ? 'user' : 'administrator', provisionerId: owner?._id ?? ctx.orgId },
      },
      remoteAssistAgentVersion: server ? '' : '0.8.5',
      remoteIP: ip,
      secureLogin: { supported: family === 'darwin', enabled: family === 'darwin' && rng.chance(0.3) },
      serialNumber:
        family === 'darwin'
          ? `C02${rng.hex(9).toUpperCase()}`
          : ec2
            ? `ec2${rng.hex(13)}`
            : `PF${rng.hex(6).toUpperCase()}`,
      serviceAccountState: {
        hasSecureToken: family === 'darwin',
        passwordODValid: family === 'darwin',
        passwordAPFSValid: family === 'darwin' && fdeActive,
      },
      sshRootEnabled: rootLogin,
      sshdParams:
        family === 'windows'
          ? []
          : [
              { name: 'PermitRootLogin', value: rootLogin ? 'yes' : 'no' },
              { name: 'PasswordAuthentication', value: sshPassword ? 'yes' : 'no' },
              { name: 'PubkeyAuthentication', value: 'yes' },
              { name: 'UsePAM', value: 'yes' },
            ],
      systemInsights: { state: insights },
      systemTimezone: family === 'darwin' ? -420 : family === 'windows' ? -300 : 0,
      tags: server
        ? ['server']
        : [family === 'darwin' ? 'mac' : family === 'windows' ? 'windows' : 'workstation'],
      templateName: `${family === 'darwin' ? 'macosx' : family}-${family}-${arch}`,
      userMetrics: [
        {
          userName,
          admin: owner?.sudo ?? true,
          managed: owner !== undefined,
          suspended: false,
          secureTokenEnabled: family === 'darwin',
        },
      ],
      version: release.version,
    };
  }
  return systems;
}
