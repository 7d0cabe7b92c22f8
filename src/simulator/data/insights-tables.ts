/**
 * The rows of every System Insights list beyond the four of ./insights.ts (system_info, apps,
 * programs, linux_packages): for each device whose agent reports System Insights, the tables its
 * platform has (INSIGHT_SCHEMAS, generated from the spec), with values that agree with the device
 * (its OS and version, hostname, serial, disk encryption, owner) and the awkward cases real fleets
 * have: Macs with the firewall off, Windows without BitLocker, stale OS versions, USB sticks,
 * unapproved browser extensions, a local admin nobody manages.
 */
import type { OrgContext } from './context.js';
import { INSIGHT_SCHEMAS, type InsightFieldType } from './insights-schema.js';
import type { Prng } from './prng.js';
import { DAY, HOUR, iso } from './time.js';
import type { SiSystemInfo, System, SystemUser } from './types.js';

export type InsightRow = Record<string, unknown>;

/** The lists ./insights.ts serves with its own data. */
const HAND_MADE = new Set(['system_info', 'apps', 'programs', 'linux_packages']);

interface Device {
  s: System;
  rng: Prng;
  now: number;
  /** When the agent last collected (the device's system_info collection_time). */
  collected: string;
  owner: SystemUser | undefined;
  /** The device's interactive user: its owner, else the shared account. */
  username: string;
  info: SiSystemInfo;
  /** The device's position among its platform's reporting devices (0 for the first). */
  nth: number;
}

const seconds = (ms: number) => Math.floor(ms / 1000);
const flag = (on: boolean) => (on ? 1 : 0);

/** Each table's rows for one device; fields left out are filled by `filler`. */
type Builder = (d: Device) => InsightRow[];

const homeOf = (d: Device, user: string) =>
  d.s.osFamily === 'darwin'
    ? `/Users/${user}`
    : d.s.osFamily === 'windows'
      ? `C:\\Users\\${user}`
      : `/home/${user}`;

/** The device's local accounts: [username, uid, admin, real user, managed by JumpCloud]. */
function localUsers(
  d: Device,
): { username: string; uid: number; admin: boolean; real: boolean; managed: boolean }[] {
  const owner = d.owner;
  const me = {
    username: d.username,
    uid: 0,
    admin: owner?.sudo ?? true,
    real: true,
    managed: owner !== undefined,
  };
  switch (d.s.osFamily) {
    case 'darwin':
      return [
        { username: 'root', uid: 0, admin: true, real: false, managed: false },
        { username: 'daemon', uid: 1, admin: false, real: false, managed: false },
        { username: '_jumpcloudserviceaccount', uid: 499, admin: true, real: false, managed: false },
        { ...me, uid: 501 },
        ...(d.nth % 4 === 1
          ? [{ username: 'itadmin', uid: 502, admin: true, real: true, managed: false }]
          : []),
      ];
    case 'windows':
      return [
        { username: 'Administrator', uid: 500, admin: true, real: false, managed: false },
        { username: 'Guest', uid: 501, admin: false, real: false, managed: false },
        { username: 'DefaultAccount', uid: 503, admin: false, real: false, managed: false },
        { ...me, uid: 1001 },
        ...(d.nth % 3 === 1
          ? [{ username: 'support', uid: 1002, admin: true, real: true, managed: false }]
          : []),
      ];
    default:
      return [
        { username: 'root', uid: 0, admin: true, real: false, managed: false },
        { username: 'daemon', uid: 1, admin: false, real: false, managed: false },
        { ...me, uid: owner?.unix_uid ?? 1000 },
      ];
  }
}

const CHROME_EXTENSIONS = [
  ['1Password – Password Manager', 'aeblfdkhhhdcdjpifhhbdiojplfjncoa', '2.24.2', '1Password', false],
  ['Google Docs Offline', 'ghbmnnjooekpmoecnnnilnnbdlolhkhi', '1.76.1', 'Google', false],
  ['uBlock Origin', 'cjpalhdlnbpafiamejdnhcphjbkeiagm', '1.58.0', 'Raymond Hill', false],
  ['Grammarly: AI Writing', 'kbfnbcaeplbcioakkpcpgfkobkghlhen', '14.1176.0', 'Grammarly', false],
  ['Free VPN Proxy Unlimited', 'bihmplhobchoageeokmgbdihknkjbknd', '3.4.1', 'VPN Master', true],
] as const;

const FIREFOX_ADDONS = [
  ['uBlock Origin', 'uBlock0@raymondhill.net', '1.58.0', 'Raymond Hill', 'extension'],
  ['Firefox Multi-Account Containers', '@testpilot-containers', '8.1.3', 'Mozilla', 'extension'],
  ['English (US) Language Pack', 'langpack-en-US@firefox.mozilla.org', '125.0', 'Mozilla', 'locale'],
] as const;

const USB = [
  ['SanDisk', '0781', 'Cruzer Blade', '5567', 'Mass Storage', '08', '06', 1],
  ['Logitech', '046d', 'USB Receiver', 'c52b', 'HID', '03', '01', 0],
  ['Apple Inc.', '05ac', 'Magic Keyboard', '029c', 'HID', '03', '01', 0],
  ['YubiKey', '1050', 'YubiKey OTP+FIDO+CCID', '0407', 'HID', '03', '00', 0],
  ['Kingston', '0951', 'DataTraveler 3.0', '1666', 'Mass Storage', '08', '06', 1],
] as const;

const KB = ['KB5034441', 'KB5034763', 'KB5035845', 'KB5036893', 'KB5037771', 'KB5039212'];

/** `yyyy-mm-dd hh:mm:ss`, how osquery prints local times on Windows. */
const windowsTime = (ms: number) => iso(ms).slice(0, 19).replace('T', ' ');

const BUILDERS: Record<string, Builder> = {
  alf: (d) => {
    // Two of every seven Macs have the firewall off; the first Mac always has it on.
    const on = d.nth === 0 || d.nth % 7 !== 3;
    return [
      {
        allow_signed_enabled: 1,
        firewall_unload: 0,
        global_state: on ? d.rng.pick([1, 1, 2]) : 0,
        logging_enabled: flag(d.rng.chance(0.8)),
        logging_option: 0,
        stealth_enabled: flag(on && d.rng.chance(0.5)),
        version: '1.6',
      },
    ];
  },
  alf_exceptions: (d) => [
    { path: '/System/Library/CoreServices/UniversalControl.app/', state: 3 },
    { path: '/Applications/zoom.us.app/', state: d.rng.pick([0, 1, 2]) },
  ],
  alf_explicit_auths: () => [{ process: 'org.python.python.app' }, { process: 'com.apple.ruby' }],
  appcompat_shims: (d) =>
    d.nth % 3 === 0
      ? [
          {
            executable: 'setup.exe',
            path: 'C:\\Windows\\apppatch\\sysmain.sdb',
            description: 'Windows XP SP3 compatibility mode',
            install_time: seconds(d.now - d.rng.int(30, 400) * DAY),
            type: 'Database',
            sdb_id: `{${d.rng.uuid()}}`,
          },
        ]
      : [],
  authorized_keys: (d) => [
    {
      uid: String(localUsers(d).at(-1)!.uid),
      algorithm: 'ssh-ed25519',
      key: `AAAAC3NzaC1lZDI1NTE5AAAAI${d.rng.hex(43)}`,
      key_file: `${homeOf(d, d.username)}/.ssh/authorized_keys`,
    },
  ],
  azure_instance_metadata: (d) =>
    isAzure(d)
      ? [
          {
            location: 'eastus',
            name: d.s.hostname,
            offer: 'UbuntuServer',
            os_type: 'Linux',
            placement_group_id: d.rng.uuid(),
            platform_fault_domain: '0',
            platform_update_domain: '0',
            publisher: 'Canonical',
            resource_group_name: 'rg-servers',
            sku: '22_04-lts-gen2',
            subscription_id: d.rng.uuid(),
            version: '22.04.202404080',
            vm_id: (d.info.uuid ?? '').toLowerCase(),
            vm_scale_set_name: 'vmss-web',
            vm_size: 'Standard_D2s_v5',
            zone: '1',
          },
        ]
      : [],
  azure_instance_tags: (d) =>
    isAzure(d)
      ? [
          { vm_id: (d.info.uuid ?? '').toLowerCase(), key: 'environment', value: 'production' },
          { vm_id: (d.info.uuid ?? '').toLowerCase(), key: 'owner', value: 'platform-team' },
        ]
      : [],
  battery: (d) => {
    const designed = 8693;
    const max = designed - d.rng.int(200, 2400);
    const percent = d.rng.int(8, 100);
    return [
      {
        amperage: -d.rng.int(200, 1500),
        charged: flag(percent === 100),
        charging: flag(percent < 100 && d.rng.chance(0.3)),
        condition: max < designed * 0.8 ? 'Service Battery' : 'Normal',
        current_capacity: Math.round((max * percent) / 100),
        cycle_count: d.rng.int(20, 900),
        designed_capacity: designed,
        health: max < designed * 0.8 ? 'Poor' : 'Good',
        manufacture_date: seconds(Date.parse(d.s.created) - 30 * DAY),
        manufacturer: 'SMP',
        max_capacity: max,
        minutes_to_full_charge: d.rng.int(10, 120),
        minutes_until_empty: d.rng.int(60, 600),
        model: 'bq20z451',
        percent_remaining: percent,
        serial_number: `D86${d.rng.hex(13).toUpperCase()}`,
        state: percent === 100 ? 'AC Power' : 'Battery Power',
        voltage: d.rng.int(11000, 13000),
      },
    ];
  },
  bitlocker_info: (d) => {
    const on = d.s.fde.active;
    return [
      {
        conversion_status: flag(on),
        drive_letter: 'C:',
        device_id: `\\\\?\\Volume{${d.rng.uuid()}}\\`,
        encryption_method: on ? 'XTS_AES_128' : 'None',
        percentage_encrypted: on ? 100 : 0,
        persistent_volume_id: on ? `{${d.rng.uuid().toUpperCase()}}` : '',
        protection_status: flag(on),
      },
    ];
  },
  browser_plugins: (d) => [
    {
      description: 'Displays PDF documents in Safari',
      development_region: 'English',
      disabled: 0,
      identifier: 'com.adobe.acrobat.pdfviewerNPAPI',
      name: 'AdobePDFViewerNPAPI',
      native: 1,
      path: '/Library/Internet Plug-Ins/AdobePDFViewerNPAPI.plugin/',
      sdk: '10.15',
      uid: '501',
      version: d.rng.pick(['23.008.20458', '24.002.20736']),
    },
  ],
  certificates: (d) => [
    {
      common_name: 'JumpCloud Device Trust',
      subject: `CN=${d.s._id}, O=JumpCloud`,
      issuer: 'CN=JumpCloud Device Trust CA',
      ca: 0,
      self_signed: 0,
      not_valid_before: String(seconds(Date.parse(d.s.created))),
      not_valid_after: String(seconds(Date.parse(d.s.created) + 3 * 365 * DAY)),
      signing_algorithm: 'sha256WithRSAEncryption',
      key_algorithm: 'rsaEncryption',
      key_strength: '2048',
      key_usage: 'Digital Signature, Key Encipherment',
      subject_key_id: d.rng.hex(40).toUpperCase(),
      authority_key_id: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
      sha1: d.rng.hex(40).toUpperCase(),
      path: d.s.osFamily === 'darwin' ? '/Library/Keychains/System.keychain' : '',
      serial: d.rng.hex(16).toUpperCase(),
      sid: d.s.osFamily === 'windows' ? 'S-1-5-18' : '',
      store_location: d.s.osFamily === 'windows' ? 'LocalMachine' : '',
      store: d.s.osFamily === 'windows' ? 'My' : '',
      username: d.s.osFamily === 'windows' ? 'SYSTEM' : '',
      store_id: d.s.osFamily === 'windows' ? 'S-1-5-18' : '',
    },
    {
      common_name: 'ISRG Root X1',
      subject: 'CN=ISRG Root X1, O=Internet Security Research Group, C=US',
      issuer: 'CN=ISRG Root X1, O=Internet Security Research Group, C=US',
      ca: 1,
      self_signed: 1,
      not_valid_before: '1433415616',
      not_valid_after: '2064542016',
      signing_algorithm: 'sha256WithRSAEncryption',
      key_algorithm: 'rsaEncryption',
      key_strength: '4096',
      key_usage: 'Certificate Sign, CRL Sign',
      subject_key_id: '79B459E67BB6E5E40173800888C81A58F6E99B6E',
      authority_key_id: '',
      sha1: 'CABD2A79A1076A31F21D253635CB039D4329A5E8',
      path: d.s.osFamily === 'darwin' ? '/System/Library/Keychains/SystemRootCertificates.keychain' : '',
      serial: '8210CFB0D240E3594463E0BB63828B00',
    },
  ],
  chassis_info: (d) => [
    {
      audible_alarm: 'Unknown',
      breach_description: 'No breach',
      chassis_types: d.s.desktopCapable ? 'Notebook' : 'Rack Mount Chassis',
      description: 'System Enclosure',
      lock: 'FALSE',
      manufacturer: d.s.hwVendor,
      model: d.info.hardware_model,
      security_breach: 'No breach',
      serial: d.s.serialNumber,
      smbios_tag: '0',
      sku: d.rng.hex(6).toUpperCase(),
      status: 'OK',
      visible_alarm: 'FALSE',
    },
  ],
  chrome_extensions: (d) =>
    d.s.desktopCapable
      ? d.rng
          .sample(CHROME_EXTENSIONS, d.rng.int(1, 3) + (d.nth % 5 === 2 ? 5 : 0))
          .map(([name, id, version, author, risky]) => ({
            author,
            description: `${name} for Google Chrome`,
            identifier: id,
            locale: 'en',
            name,
            path: `${homeOf(d, d.username)}/${d.s.osFamily === 'darwin' ? 'Library/Application Support/Google/Chrome' : '.config/google-chrome'}/Default/Extensions/${id}/${version}_0`,
            permissions: risky ? '<all_urls>, proxy, webRequest, tabs' : 'storage, activeTab',
            persistent: 0,
            uid: String(localUsers(d).find((u) => u.username === d.username)?.uid ?? 501),
            update_url: 'https://clients2.google.com/service/update2/crx',
            version,
          }))
      : [],
  connectivity: (d) => [
    {
      disconnected: 0,
      ipv4_no_traffic: 0,
      ipv6_no_traffic: 1,
      ipv4_subnet: 0,
      ipv4_local_network: 0,
      ipv4_internet: flag(!d.s.lastContact || d.rng.chance(0.95)),
      ipv6_subnet: 0,
      ipv6_local_network: 0,
      ipv6_internet: 0,
    },
  ],
  crashes: (d) =>
    d.nth % 3 === 0
      ? [
          {
            crash_path: `/Library/Logs/DiagnosticReports/zoom.us_${d.rng.hex(6)}.crash`,
            crashed_thread: '0',
            datetime: windowsTime(d.now - d.rng.int(1, 20) * DAY),
            exception_codes: 'KERN_INVALID_ADDRESS at 0x0000000000000010',
            exception_notes: 'EXC_CORPSE_NOTIFY',
            exception_type: 'EXC_BAD_ACCESS (SIGSEGV)',
            identifier: 'us.zoom.xos',
            parent: '1',
            path: '/Applications/zoom.us.app/Contents/MacOS/zoom.us',
            pid: String(d.rng.int(400, 90000)),
            registers: 'x0: 0x0000000000000000 x1: 0x0000000000000010',
            responsible: 'zoom.us [1234]',
            stack_trace: '0 libobjc.A.dylib objc_msgSend + 32',
            type: 'application',
            uid: 501,
            version: '5.16.10 (26186)',
          },
        ]
      : [],
  cups_destinations: (d) => [
    {
      name: 'HP_LaserJet_4th_Floor',
      option_name: 'printer-make-and-model',
      option_value: 'HP LaserJet Pro M404n',
    },
    {
      name: 'HP_LaserJet_4th_Floor',
      option_name: 'device-uri',
      option_value: `ipp://10.0.${d.rng.int(1, 9)}.40/ipp/print`,
    },
  ],
  disk_encryption: (d) => {
    const on = d.s.fde.active;
    const mac = d.s.osFamily === 'darwin';
    return [
      {
        encrypted: flag(on),
        encryption_status: on ? 'encrypted' : 'not encrypted',
        name: mac ? '/dev/disk3s1' : '/dev/dm-0',
        type: on ? (mac ? 'APFS Encryption' : 'aes-xts-plain64') : '',
        uid: mac && on ? '501' : '',
        user_uuid: mac && on ? d.rng.uuid().toUpperCase() : '',
        uuid: d.rng.uuid().toUpperCase(),
      },
    ];
  },
  disk_info: (d) => [
    {
      description: 'Disk drive',
      disk_index: 0,
      disk_size: String(d.rng.pick([256, 512, 1024]) * 1_000_000_000 + d.rng.int(0, 999_999)),
      hardware_model: d.rng.pick(['Samsung SSD 980 PRO 1TB', 'SK hynix PC711 NVMe 512GB', 'KXG60ZNV256G']),
      id: '\\\\.\\PHYSICALDRIVE0',
      manufacturer: '(Standard disk drives)',
      name: '\\\\.\\PHYSICALDRIVE0',
      partitions: 3,
      pnp_device_id: `SCSI\\DISK&VEN_NVME&PROD_${d.rng.hex(8).toUpperCase()}\\5&${d.rng.hex(8)}&0&000000`,
      serial: `${d.rng.hex(4)}_${d.rng.hex(4)}_${d.rng.hex(4)}.`.toUpperCase(),
      type: 'SCSI',
    },
  ],
  dns_resolvers: (d) => [
    {
      id: 0,
      type: 'nameserver',
      address: d.s.desktopCapable ? '192.168.1.1' : '10.0.0.2',
      netmask: '32',
      options: '705',
    },
    {
      id: 0,
      type: 'search',
      address: `corp.${d.s.hostname.split('-')[0]}.local`,
      netmask: '',
      options: '705',
    },
  ],
  etc_hosts: (d) => [
    { address: '127.0.0.1', hostnames: 'localhost' },
    { address: '::1', hostnames: 'localhost' },
    ...(d.nth % 4 === 2 ? [{ address: '10.0.4.12', hostnames: 'build.internal jenkins.internal' }] : []),
  ],
  firefox_addons: (d) =>
    d.s.desktopCapable && d.nth % 2 === 0
      ? d.rng.sample(FIREFOX_ADDONS, d.rng.int(1, 3)).map(([name, id, version, creator, type]) => ({
          active: 1,
          autoupdate: 1,
          creator,
          description: `${name} for Firefox`,
          disabled: flag(d.rng.chance(0.2)),
          identifier: id,
          location: 'app-profile',
          name,
          path: `${homeOf(d, d.username)}/.mozilla/firefox/${d.rng.hex(8)}.default-release/extensions/${id}.xpi`,
          source_url: `https://addons.mozilla.org/firefox/downloads/file/${d.rng.int(100000, 999999)}/`,
          type,
          uid: '501',
          version,
          visible: 1,
        }))
      : [],
  groups: (d) => {
    const win = d.s.osFamily === 'windows';
    const admin = win ? 'Administrators' : d.s.osFamily === 'darwin' ? 'admin' : 'sudo';
    return [
      {
        comment: 'Administrators have complete access',
        gid: win ? '544' : '80',
        gid_signed: win ? '544' : '80',
        group_sid: win ? 'S-1-5-32-544' : '',
        groupname: admin,
      },
      {
        comment: 'Users',
        gid: win ? '545' : '20',
        gid_signed: win ? '545' : '20',
        group_sid: win ? 'S-1-5-32-545' : '',
        groupname: win ? 'Users' : 'staff',
      },
    ];
  },
  ie_extensions: (d) => [
    {
      name: 'Microsoft Edge Update',
      path: 'C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\1.3.185.17\\npEdgeUpdate.dll',
      registry_path: `HKEY_USERS\\S-1-5-21-${d.rng.int(1000000, 9999999)}\\SOFTWARE\\Microsoft\\Internet Explorer\\Extensions`,
      version: '1.3.185.17',
    },
  ],
  interface_addresses: (d) =>
    d.s.networkInterfaces.map((nic) => ({
      address: nic.address,
      broadcast: nic.family === 'IPv4' && !nic.internal ? nic.address.replace(/\.\d+$/, '.255') : '',
      friendly_name: d.s.osFamily === 'windows' ? nic.name : '',
      interface: nic.name,
      mask: nic.family === 'IPv4' ? (nic.internal ? '255.0.0.0' : '255.255.255.0') : 'ffff:ffff:ffff:ffff::',
      point_to_point: nic.internal ? '127.0.0.1' : '',
      type: nic.internal ? 'unknown' : 'dhcp',
    })),
  interface_details: (d) => {
    const nic = d.s.networkInterfaces[0]!;
    const win = d.s.osFamily === 'windows';
    return [
      {
        interface: nic.name,
        mac: Array.from({ length: 6 }, () => d.rng.hex(2)).join(':'),
        type: 6,
        mtu: 1500,
        metric: win ? 25 : 0,
        flags: 34915,
        ipackets: String(d.rng.int(1e5, 1e8)),
        opackets: String(d.rng.int(1e5, 1e8)),
        ibytes: String(d.rng.int(1e8, 1e11)),
        obytes: String(d.rng.int(1e7, 1e10)),
        ierrors: '0',
        oerrors: '0',
        idrops: String(d.rng.int(0, 50)),
        odrops: '0',
        collisions: '0',
        last_change: String(seconds(d.now - d.rng.int(1, 72) * HOUR)),
        link_speed: String(d.rng.pick([1000, 866, 2500])),
        pci_slot: win ? 'PCI bus 0, device 20, function 3' : '',
        friendly_name: win ? nic.name : '',
        description: win ? 'Intel(R) Wi-Fi 6 AX201 160MHz' : '',
        manufacturer: win ? 'Intel Corporation' : '',
        connection_id: win ? nic.name : '',
        connection_status: win ? '2' : '',
        enabled: 1,
        physical_adapter: 1,
        speed: 1_000_000_000,
        service: win ? 'Netwtw10' : '',
        dhcp_enabled: 1,
        dhcp_lease_expires: win ? windowsTime(d.now + 20 * HOUR) : '',
        dhcp_lease_obtained: win ? windowsTime(d.now - 4 * HOUR) : '',
        dhcp_server: win ? '192.168.1.1' : '',
        dns_domain: win ? 'home' : '',
        dns_domain_suffix_search_order: win ? 'home' : '',
        dns_host_name: win ? d.s.hostname : '',
        dns_server_search_order: win ? '192.168.1.1' : '',
      },
    ];
  },
  kernel_info: (d) => {
    const family = d.s.osFamily;
    const version =
      family === 'darwin'
        ? ({ '14': '23.5.0', '13': '22.6.0', '12': '21.6.0' }[d.s.osVersionDetail.major] ?? '23.5.0')
        : family === 'windows'
          ? d.s.osVersionDetail.major === '10'
            ? '10.0.19045.4291'
            : '10.0.22631.3527'
          : d.s.os === 'Ubuntu'
            ? d.s.version === '24.04'
              ? '6.8.0-31-generic'
              : '5.15.0-105-generic'
            : '6.8.9-300.fc40.x86_64';
    return [
      {
        arguments: family === 'linux' ? 'ro quiet splash' : '',
        device:
          family === 'linux' ? '/dev/nvme0n1p2' : family === 'windows' ? '\\Device\\HarddiskVolume3' : '',
        path:
          family === 'darwin'
            ? '/System/Library/Kernels/kernel'
            : family === 'windows'
              ? 'C:\\Windows\\system32\\ntoskrnl.exe'
              : '/boot/vmlinuz',
        version,
      },
    ];
  },
  launchd: (d) => [
    launchdRow('com.jumpcloud.darwin-agent', '/opt/jc/bin/jumpcloud-agent', d),
    launchdRow(
      'com.apple.screensharing',
      '/System/Library/CoreServices/RemoteManagement/screensharingd.bundle/Contents/MacOS/screensharingd',
      d,
    ),
    launchdRow('us.zoom.ZoomDaemon', '/Library/PrivilegedHelperTools/us.zoom.ZoomDaemon', d),
    {
      ...launchdRow('com.apple.ftpd', '/usr/libexec/ftpd', d),
      disabled: '1',
      groupname: 'wheel',
      inetd_compatibility: 'Wait: false',
      on_demand: '1',
      run_at_load: '0',
      keep_alive: '0',
    },
    {
      ...launchdRow('com.backblaze.bzbmenu', '/Library/Backblaze.bzpkg/bztransmit', d),
      queue_directories: '/Library/Backblaze.bzpkg/bzdata/bzbackup/bzdatacenter',
      root_directory: '/Library/Backblaze.bzpkg',
      start_on_mount: '1',
      watch_paths: `/Users/${d.username}/Documents`,
    },
  ],
  logged_in_users: (d) =>
    d.s.desktopCapable && d.s.lastContact
      ? [
          {
            host: d.s.osFamily === 'windows' ? d.s.hostname : '',
            pid: d.rng.int(100, 9000),
            time: seconds(Date.parse(d.s.lastContact) - d.rng.int(1, 30) * HOUR),
            tty: d.s.osFamily === 'windows' ? 'console' : d.s.osFamily === 'darwin' ? 'console' : ':0',
            type: 'user',
            user: d.username,
          },
        ]
      : [],
  logical_drives: (d) => [
    {
      boot_partition: 1,
      device_id: 'C:',
      file_system: 'NTFS',
      free_space: String(d.rng.int(20, 300) * 1_073_741_824),
      size: String(d.rng.pick([237, 475, 953]) * 1_073_741_824),
      type: 'Local Disk',
    },
  ],
  managed_policies: (d) =>
    d.s.mdm.vendor === 'internal'
      ? [
          {
            domain: 'com.apple.screensaver',
            manual: 0,
            name: 'askForPassword',
            username: '',
            uuid: d.rng.uuid().toUpperCase(),
            value: '1',
          },
          {
            domain: 'com.apple.SoftwareUpdate',
            manual: 0,
            name: 'AutomaticCheckEnabled',
            username: '',
            uuid: d.rng.uuid().toUpperCase(),
            value: '1',
          },
          {
            domain: 'com.apple.dock',
            manual: 0,
            name: 'autohide',
            username: d.username,
            uuid: d.rng.uuid().toUpperCase(),
            value: '1',
          },
        ]
      : [],
  mounts: (d) => {
    const mac = d.s.osFamily === 'darwin';
    const blocks = d.rng.pick([60_000_000, 120_000_000, 240_000_000]);
    const free = Math.floor((blocks * d.rng.int(5, 70)) / 100);
    return [
      {
        blocks: String(blocks),
        blocks_available: String(free),
        blocks_free: String(free),
        blocks_size: '4096',
        device: mac ? '/dev/disk3s1s1' : '/dev/nvme0n1p2',
        device_alias: mac ? '/dev/disk3s1s1' : '/dev/nvme0n1p2',
        flags: mac ? '1085329433' : 'rw,relatime',
        inodes: String(blocks / 8),
        inodes_free: String(free / 8),
        path: '/',
        type: mac ? 'apfs' : (d.s.fileSystem ?? 'ext4'),
      },
    ];
  },
  os_version: (d) => {
    const v = d.s.osVersionDetail;
    const family = d.s.osFamily;
    const name =
      family === 'darwin'
        ? 'macOS'
        : family === 'windows'
          ? `Microsoft Windows ${v.version}`
          : d.s.os === 'Ubuntu'
            ? 'Ubuntu'
            : d.s.os;
    return [
      {
        build:
          family === 'darwin'
            ? ({ '14': '23F79', '13': '22G720', '12': '21H1222' }[v.major] ?? '23F79')
            : family === 'windows'
              ? v.major === '10'
                ? '19045'
                : '22631'
              : '',
        codename:
          family === 'linux'
            ? v.releaseName.split(' ')[0]!.toLowerCase()
            : family === 'darwin'
              ? v.releaseName
              : '',
        install_date: family === 'windows' ? String(seconds(Date.parse(d.s.created))) : '',
        major: family === 'windows' ? 10 : v.majorNumber,
        minor: family === 'windows' ? 0 : v.minorNumber,
        name,
        patch: family === 'windows' ? (v.major === '10' ? 19045 : 22631) : v.patchNumber,
        platform: family === 'darwin' ? 'darwin' : family === 'windows' ? 'windows' : v.distributionName,
        platform_like:
          family === 'darwin'
            ? 'darwin'
            : family === 'windows'
              ? 'windows'
              : d.s.os === 'Ubuntu'
                ? 'debian'
                : 'fedora',
        version:
          family === 'darwin'
            ? v.version
            : family === 'windows'
              ? `10.0.${v.major === '10' ? '19045' : '22631'}`
              : d.s.os === 'Ubuntu'
                ? `${v.version} LTS (${v.releaseName})`
                : v.version,
      },
    ];
  },
  patches: (d) => {
    // A stale Windows 10 misses the year's updates; the others have all but the newest, or all.
    const count = d.s.osVersionDetail.major === '10' ? 2 : KB.length - (d.nth % 2);
    return KB.slice(0, count).map((id, i) => ({
      caption: `http://support.microsoft.com/?kbid=${id.slice(2)}`,
      csname: d.s.hostname,
      description: i === 0 ? 'Update' : 'Security Update',
      fix_comments: i === 0 ? 'Servicing Stack Update' : '',
      hotfix_id: id,
      install_date: i === 0 ? windowsTime(d.now - KB.length * 30 * DAY) : '',
      installed_by: 'NT AUTHORITY\\SYSTEM',
      installed_on: new Date(d.now - (KB.length - i) * 30 * DAY).toLocaleDateString('en-US', {
        timeZone: 'UTC',
      }),
    }));
  },
  python_packages: (d) => [
    {
      name: 'pip',
      version: d.s.osFamily === 'linux' ? '22.0.2' : '24.0',
      summary: 'The PyPA recommended tool for installing Python packages.',
      auther: 'The pip developers',
      license: 'MIT',
      path:
        d.s.osFamily === 'windows'
          ? 'C:\\Python312\\Lib\\site-packages\\pip-24.0.dist-info'
          : '/usr/lib/python3/dist-packages/pip-22.0.2.dist-info',
      directory:
        d.s.osFamily === 'windows' ? 'C:\\Python312\\Lib\\site-packages' : '/usr/lib/python3/dist-packages',
    },
    {
      name: 'requests',
      version: d.rng.pick(['2.25.1', '2.31.0', '2.32.3']),
      summary: 'Python HTTP for Humans.',
      auther: 'Kenneth Reitz',
      license: 'Apache 2.0',
      path:
        d.s.osFamily === 'windows'
          ? 'C:\\Python312\\Lib\\site-packages\\requests-2.31.0.dist-info'
          : '/usr/lib/python3/dist-packages/requests-2.31.0.egg-info',
      directory:
        d.s.osFamily === 'windows' ? 'C:\\Python312\\Lib\\site-packages' : '/usr/lib/python3/dist-packages',
    },
  ],
  safari_extensions: (d) =>
    d.rng
      .sample(
        [
          ['1Password for Safari', 'com.1password.safari.extension', '8.10.30', '1Password', 'KBZTAQKN6X'],
          ['Grammarly for Safari', 'com.grammarly.safari.extension', '9.74', 'Grammarly, Inc.', 'W8F64X92K3'],
          ['AdBlock Pro', 'com.crypticapps.adblockpro.safari', '11.2', 'Crypto Inc.', 'TFH2UHX4B6'],
        ] as const,
        d.rng.int(1, 2),
      )
      .map(([name, id, version, author, team]) => ({
        author,
        description: `${name}`,
        developer_id: team,
        identifier: id,
        name,
        path: `/Applications/${name.split(' ')[0]}.app/Contents/PlugIns/Safari Extension.appex`,
        sdk: '6.0',
        uid: '501',
        update_url: id.startsWith('com.grammarly') ? 'https://safari-extensions.apple.com/updates' : '',
        version,
      })),
  scheduled_tasks: (d) => [
    {
      name: 'MicrosoftEdgeUpdateTaskMachineCore',
      action: 'C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe /c',
      path: '\\MicrosoftEdgeUpdateTaskMachineCore',
      enabled: 1,
      state: 'ready',
      hidden: 0,
      last_run_time: String(seconds(d.now - d.rng.int(1, 24) * HOUR)),
      next_run_time: String(seconds(d.now + d.rng.int(1, 24) * HOUR)),
      last_run_message: 'The operation completed successfully.',
      last_run_code: '0',
    },
    {
      name: 'OneDrive Standalone Update Task',
      action: `C:\\Users\\${d.username}\\AppData\\Local\\Microsoft\\OneDrive\\OneDriveStandaloneUpdater.exe`,
      path: '\\OneDrive Standalone Update Task',
      enabled: flag(d.nth % 4 !== 1),
      state: d.nth % 4 !== 1 ? 'ready' : 'disabled',
      hidden: 0,
      last_run_time: String(seconds(d.now - d.rng.int(1, 72) * HOUR)),
      next_run_time: '0',
      last_run_message: 'The operation completed successfully.',
      last_run_code: '0',
    },
  ],
  secureboot: (d) => [
    { secure_boot: flag(d.s.desktopCapable ? d.nth % 6 !== 4 : d.rng.chance(0.5)), setup_mode: 0 },
  ],
  services: (d) => [
    {
      name: 'jumpcloud-agent',
      service_type: 'OWN_PROCESS',
      display_name: 'JumpCloud Agent',
      status: 'RUNNING',
      pid: d.rng.int(1000, 9000),
      start_type: 'AUTO_START',
      win32_exit_code: 0,
      service_exit_code: 0,
      path: '"C:\\Program Files\\JumpCloud\\jumpcloud-agent.exe"',
      module_path: '',
      description: 'JumpCloud Agent',
      user_account: 'LocalSystem',
    },
    {
      name: 'RemoteRegistry',
      service_type: 'SHARE_PROCESS',
      display_name: 'Remote Registry',
      status: d.nth % 5 === 3 ? 'RUNNING' : 'STOPPED',
      pid: 0,
      start_type: d.nth % 5 === 3 ? 'AUTO_START' : 'DISABLED',
      win32_exit_code: 1077,
      service_exit_code: 0,
      path: 'C:\\Windows\\system32\\svchost.exe -k localService -p',
      module_path: 'C:\\Windows\\system32\\regsvc.dll',
      description: 'Enables remote users to modify registry settings on this computer.',
      user_account: 'NT AUTHORITY\\LocalService',
    },
  ],
  shadow: (d) =>
    localUsers(d).map((u) => ({
      expire: u.real ? '' : '1',
      flag: u.real ? '' : '0',
      hash_alg: u.real ? 'yescrypt' : '',
      inactive: u.real ? '30' : '',
      last_change: String(Math.floor((d.now - d.rng.int(10, 400) * DAY) / DAY)),
      max: '99999',
      min: '0',
      password_status: u.real ? 'active' : 'locked',
      username: u.username,
      warning: '7',
    })),
  shared_folders: (d) =>
    d.nth % 3 === 0 ? [{ name: `${d.username}'s Public Folder`, path: `/Users/${d.username}/Public` }] : [],
  shared_resources: (d) => [
    {
      allow_maximum: 1,
      description: 'Remote Admin',
      install_date: windowsTime(Date.parse(d.s.created)),
      maximum_allowed: '0',
      name: 'ADMIN$',
      path: 'C:\\Windows',
      status: 'OK',
      type: '2147483648',
    },
    {
      allow_maximum: 1,
      description: 'Default share',
      install_date: '',
      maximum_allowed: '0',
      name: 'C$',
      path: 'C:\\',
      status: 'OK',
      type: '2147483648',
    },
  ],
  sharing_preferences: (d) => [
    {
      bluetooth_sharing: 0,
      content_caching: 0,
      disc_sharing: 0,
      file_sharing: flag(d.nth % 3 === 0),
      internet_sharing: 0,
      printer_sharing: 0,
      remote_apple_events: 0,
      remote_login: flag(d.nth % 4 === 1),
      remote_management: flag(d.s.mdm.vendor === 'internal'),
      screen_sharing: flag(d.nth % 5 === 2),
    },
  ],
  sip_config: (d) => {
    const on = d.nth % 9 !== 5;
    return [
      { config_flag: 'allow_untrusted_kexts', enabled: flag(on), enabled_nvram: flag(!on) },
      { config_flag: 'allow_task_for_pid', enabled: flag(on), enabled_nvram: flag(!on) },
    ];
  },
  startup_items: (d) => {
    const family = d.s.osFamily;
    return [
      {
        name: 'jumpcloud-agent',
        path:
          family === 'windows'
            ? 'C:\\Program Files\\JumpCloud\\jumpcloud-agent.exe'
            : family === 'darwin'
              ? '/Library/LaunchDaemons/com.jumpcloud.darwin-agent.plist'
              : '/etc/systemd/system/jcagent.service',
        args: '',
        type: family === 'windows' ? 'Startup Item' : family === 'darwin' ? 'Login Item' : 'systemd unit',
        source:
          family === 'windows'
            ? 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run'
            : family === 'darwin'
              ? '/Library/LaunchDaemons'
              : '/etc/systemd/system',
        status: 'enabled',
        username: family === 'windows' ? 'SYSTEM' : 'root',
      },
      ...(d.s.desktopCapable
        ? [
            {
              name: 'Slack',
              path:
                family === 'windows'
                  ? `C:\\Users\\${d.username}\\AppData\\Local\\slack\\slack.exe`
                  : '/Applications/Slack.app',
              args: '--startup',
              type: 'Login Item',
              source: 'user',
              status: 'enabled',
              username: d.username,
            },
          ]
        : []),
    ];
  },
  system_controls: (d) => {
    const mac = d.s.osFamily === 'darwin';
    return [
      {
        config_value: '',
        current_value: mac ? 'Darwin' : 'Linux',
        field_name: 'ostype',
        name: 'kern.ostype',
        oid: '1.1',
        subsystem: 'kern',
        type: 'string',
      },
      {
        config_value: '0',
        current_value: mac ? '0' : '0',
        field_name: 'ip_forward',
        name: mac ? 'net.inet.ip.forwarding' : 'net.ipv4.ip_forward',
        oid: mac ? '4.2.0.1' : '',
        subsystem: 'net',
        type: 'int',
      },
    ];
  },
  tpm_info: () => [
    {
      activated: 1,
      enabled: 1,
      owned: 1,
      manufacturer_version: '7.2.3.1',
      manufacturer_id: 1229346816,
      manufacturer_name: 'IFX',
      product_name: 'SLB9670',
      physical_presence_version: '1.3',
      spec_version: '2.0, 0, 1.59',
    },
  ],
  uptime: (d) => {
    const total = d.rng.int(600, 40 * 24 * 3600);
    return [
      {
        days: Math.floor(total / 86400),
        hours: Math.floor((total % 86400) / 3600),
        minutes: Math.floor((total % 3600) / 60),
        seconds: total % 60,
        total_seconds: String(total),
      },
    ];
  },
  usb_devices: (d) =>
    d.s.desktopCapable
      ? d.rng
          .sample(USB, d.rng.int(1, 2) + (d.nth % 3 === 0 ? 1 : 0))
          .map(([vendor, vid, model, mid, klass, cls, sub, removable], i) => ({
            class: cls,
            model,
            model_id: mid,
            protocol: klass === 'HID' ? '01' : '50',
            removable,
            serial: d.rng.hex(12).toUpperCase(),
            subclass: sub,
            usb_address: i + 1,
            usb_port: i + 1,
            vendor,
            vendor_id: vid,
            version: '1.00',
          }))
      : [],
  user_groups: (d) =>
    localUsers(d)
      .filter((u) => u.admin)
      .map((u) => ({ uid: String(u.uid), gid: d.s.osFamily === 'windows' ? '544' : '80' })),
  user_ssh_keys: (d) => [
    {
      encrypted: flag(d.rng.chance(0.6)),
      path: `${homeOf(d, d.username)}/.ssh/id_ed25519`,
      uid: String(localUsers(d).at(-1)!.uid),
    },
  ],
  userassist: (d) => [
    {
      path: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      last_execution_time: seconds(d.now - d.rng.int(1, 48) * HOUR),
      count: d.rng.int(10, 900),
      sid: `S-1-5-21-${d.rng.int(1000000000, 3999999999)}-1001`,
    },
  ],
  users: (d) =>
    localUsers(d).map((u) => {
      const win = d.s.osFamily === 'windows';
      return {
        description: u.real ? '' : win ? 'Built-in account' : 'System Services',
        directory: u.real
          ? homeOf(d, u.username)
          : win
            ? ''
            : u.username === 'root'
              ? '/var/root'
              : '/var/empty',
        gid: win ? String(u.uid) : u.real ? '20' : '0',
        gid_signed: win ? String(u.uid) : u.real ? '20' : '0',
        shell: win ? 'C:\\Windows\\system32\\cmd.exe' : u.real ? '/bin/zsh' : '/usr/bin/false',
        type: win ? (u.real ? 'local' : 'special') : '',
        uid: String(u.uid),
        uid_signed: String(u.uid),
        username: u.username,
        uuid: win ? `S-1-5-21-${d.rng.int(1000000000, 3999999999)}-${u.uid}` : d.rng.uuid().toUpperCase(),
        real_user: u.real,
        admin: u.admin,
        suspended: false,
        managed: u.managed,
        last_login:
          u.real && d.s.lastContact
            ? String(seconds(Date.parse(d.s.lastContact) - d.rng.int(1, 48) * HOUR))
            : '',
        ad_managed: win && d.s.domainInfo.partOfDomain && u.real,
      };
    }),
  wifi_networks: (d) => [
    {
      ssid: d.rng.hex(12),
      network_name: 'CorpWiFi',
      security_type: 'WPA2 Enterprise',
      last_connected: seconds(d.now - d.rng.int(1, 48) * HOUR),
      passpoint: 0,
      possibly_hidden: 0,
      roaming: 0,
      roaming_profile: 'Single',
      captive_portal: 0,
      auto_login: 1,
      temporarily_disabled: 0,
      disabled: 0,
    },
    {
      ssid: d.rng.hex(12),
      network_name: 'Airport Free WiFi',
      security_type: 'Open',
      last_connected: seconds(d.now - d.rng.int(3, 90) * DAY),
      passpoint: 0,
      possibly_hidden: 0,
      roaming: 0,
      roaming_profile: 'None',
      captive_portal: 1,
      auto_login: 0,
      temporarily_disabled: 0,
      disabled: 0,
    },
  ],
  wifi_status: (d) => [
    {
      interface: 'en0',
      ssid: d.rng.hex(12),
      bssid: Array.from({ length: 6 }, () => d.rng.hex(2)).join(':'),
      network_name: 'CorpWiFi',
      country_code: 'US',
      security_type: 'WPA2 Enterprise',
      rssi: -d.rng.int(40, 80),
      noise: -d.rng.int(88, 95),
      channel: d.rng.pick([36, 44, 149]),
      channel_width: 80,
      channel_band: 5,
      transmit_rate: String(d.rng.pick([433, 866, 1200])),
      mode: '802.11ac',
    },
  ],
  windows_security_center: (d) => {
    const firewallOff = d.nth % 6 === 4;
    return [
      {
        firewall: firewallOff ? 'Poor' : 'Good',
        autoupdate: d.s.osVersionDetail.major === '10' ? 'Poor' : 'Good',
        antivirus: 'Good',
        antispyware: 'Good',
        internet_settings: 'Good',
        windows_security_center_service: 'Good',
        user_account_control: d.nth % 5 === 2 ? 'Poor' : 'Good',
      },
    ];
  },
  windows_security_products: (d) => [
    {
      type: 'Antivirus',
      name: 'Microsoft Defender Antivirus',
      state: 'On',
      state_timestamp: iso(d.now - d.rng.int(1, 48) * HOUR),
      remediation_path: '%ProgramFiles%\\Windows Defender\\MsMpeng.exe',
      signatures_up_to_date: flag(d.nth % 4 !== 3),
    },
    {
      type: 'Firewall',
      name: 'Windows Firewall',
      state: d.nth % 6 === 4 ? 'Off' : 'On',
      state_timestamp: iso(d.now - d.rng.int(1, 48) * HOUR),
      remediation_path: '%windir%\\system32\\Firewall.cpl',
      signatures_up_to_date: 0,
    },
  ],
};

function launchdRow(label: string, program: string, d: Device): InsightRow {
  return {
    disabled: '',
    groupname: '',
    inetd_compatibility: '',
    keep_alive: '1',
    label,
    name: `${label}.plist`,
    on_demand: '',
    path: `/Library/LaunchDaemons/${label}.plist`,
    process_type: 'Interactive',
    program,
    program_arguments: program,
    queue_directories: '',
    root_directory: '',
    run_at_load: '1',
    start_interval: label.startsWith('com.jumpcloud') ? '60' : '',
    start_on_mount: '',
    stderr_path: label.startsWith('com.jumpcloud') ? '/var/log/jcagent.log' : '',
    stdout_path: label.startsWith('com.jumpcloud') ? '/var/log/jcagent.log' : '',
    username: 'root',
    watch_paths: '',
    working_directory: d.s.osFamily === 'darwin' ? '/' : '',
  };
}

/** The Linux servers that are not on EC2 run on Azure (the instance-metadata tables' devices). */
const isAzure = (d: Device) => d.s.osFamily === 'linux' && !d.s.desktopCapable && d.s.amazonInstanceID === '';

/** A value for a field a builder left out, of the spec's type: the builders cover every field in use. */
function filler(type: InsightFieldType): unknown {
  return type === 'string' ? '' : type === 'boolean' ? false : 0;
}

/** Every table's rows, by its API name (`/systeminsights/<api>`), for the org's reporting devices. */
export function generateInsightTables(
  ctx: OrgContext,
  systems: readonly System[],
  users: readonly SystemUser[],
  systemInfo: readonly SiSystemInfo[],
): Record<string, InsightRow[]> {
  const byId = new Map(users.map((u) => [u._id, u]));
  const infos = new Map(systemInfo.map((info) => [info.system_id, info]));
  const out: Record<string, InsightRow[]> = {};
  const apis = Object.keys(INSIGHT_SCHEMAS).filter((api) => !HAND_MADE.has(api));
  for (const api of apis) out[api] = [];
  const counts = { darwin: 0, windows: 0, linux: 0 };
  for (const s of systems) {
    const info = infos.get(s._id);
    if (s.systemInsights.state !== 'enabled' || !info) continue;
    const owner = s.primarySystemUser.id ? byId.get(s.primarySystemUser.id) : undefined;
    const device: Device = {
      s,
      // Each device draws from its own stream, so one table's rows never shift another's.
      rng: ctx.rng.fork(counts.darwin + counts.windows + counts.linux + 1),
      now: ctx.now,
      collected: info.collection_time,
      owner,
      username: s.userMetrics[0]?.userName ?? owner?.username ?? 'admin',
      info,
      nth: counts[s.osFamily]++,
    };
    for (const api of apis) {
      const schema = INSIGHT_SCHEMAS[api]!;
      if (!schema.platforms.includes(s.osFamily)) continue;
      const build = BUILDERS[api];
      if (!build) throw new Error(`no System Insights rows for ${api}`);
      for (const partial of build(device)) {
        const row: InsightRow = {};
        for (const [field, type] of Object.entries(schema.fields))
          row[field] = field === 'system_id' ? s._id : field in partial ? partial[field] : filler(type);
        // Every list carries the collection time, whether or not its schema names it.
        row.collection_time = device.collected;
        out[api]!.push(row);
      }
    }
  }
  return out;
}
