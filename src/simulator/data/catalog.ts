/** Static vocabulary for the generator: people, places and well-known software in several versions. */

export const FIRST_NAMES = [
  'Ada',
  'Alan',
  'Grace',
  'Linus',
  'Margaret',
  'Dennis',
  'Barbara',
  'Ken',
  'Frances',
  'Guido',
  'Radia',
  'Tim',
  'Katherine',
  'Edsger',
  'Hedy',
  'John',
  'Shafi',
  'Vint',
  'Lynn',
  'Bjarne',
  'Annie',
  'Donald',
  'Jean',
  'Niklaus',
  'Sophie',
  'Yukihiro',
  'Evelyn',
  'Brian',
  'Mary',
  'Leslie',
  'Carol',
  'Whitfield',
  'Fran',
  'Ivan',
  'Joan',
  'Larry',
] as const;

export const LAST_NAMES = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Torvalds',
  'Hamilton',
  'Ritchie',
  'Liskov',
  'Thompson',
  'Allen',
  'Rossum',
  'Perlman',
  'Lee',
  'Johnson',
  'Dijkstra',
  'Lamarr',
  'McCarthy',
  'Goldwasser',
  'Cerf',
  'Conway',
  'Stroustrup',
  'Easley',
  'Knuth',
  'Sammet',
  'Wirth',
  'Wilson',
  'Matsumoto',
  'Berners',
  'Kernighan',
  'Keller',
  'Lamport',
  'Shaw',
  'Diffie',
  'Bilas',
  'Sutherland',
  'Clarke',
  'Page',
] as const;

export const MIDDLE_NAMES = ['J.', 'Marie', 'Lee', 'Ann', 'R.', 'Quinn'] as const;

export const DEPARTMENTS = [
  ['Engineering', 'ENG-100'],
  ['Finance', 'FIN-200'],
  ['IT', 'IT-300'],
  ['Sales', 'SAL-400'],
  ['Marketing', 'MKT-500'],
  ['Human Resources', 'HR-600'],
  ['Shipping & Receiving', 'OPS-700'],
  ['Legal', 'LEG-800'],
] as const;

export const JOB_TITLES: Record<string, readonly string[]> = {
  Engineering: [
    'Software Engineer',
    'Senior Software Engineer',
    'Staff Engineer',
    'Engineering Manager',
    'SRE',
  ],
  Finance: ['Accountant', 'Financial Analyst', 'Controller'],
  IT: ['IT Administrator', 'Help Desk Technician', 'Security Engineer'],
  Sales: ['Account Executive', 'Sales Engineer', 'Sales Director'],
  Marketing: ['Marketing Manager', 'Content Strategist', 'Designer'],
  'Human Resources': ['HR Generalist', 'Recruiter', 'People Partner'],
  'Shipping & Receiving': ['Logistics Coordinator', 'Warehouse Lead'],
  Legal: ['Counsel', 'Paralegal'],
};

export const LOCATIONS = [
  ['Denver', 'CO', '80202', 'US', -7],
  ['Boulder', 'CO', '80301', 'US', -7],
  ['New York', 'NY', '10001', 'US', -5],
  ['London', 'England', 'EC1A 1BB', 'GB', 0],
  ['Berlin', 'Berlin', '10115', 'DE', 1],
  ['Bangalore', 'Karnataka', '560001', 'IN', 5],
] as const;

export const EMPLOYEE_TYPES = ['Full-time', 'Full-time', 'Full-time', 'Contractor', 'Intern'] as const;

export const ORG_NAMES = [
  'Acme Robotics',
  'Globex Corporation',
  'Initech',
  'Umbrella Health',
  'Stark Logistics',
  'Wayne Analytics',
  'Hooli',
  'Vandelay Industries',
] as const;

/** A piece of software with its versions, oldest first; `outdated` versions are below a policy floor. */
export interface MacAppSpec {
  name: string; // e.g. 'zoom.us.app'
  displayName: string;
  bundleId: string;
  executable: string;
  category: string;
  copyright: string;
  versions: readonly string[]; // bundle_short_version
  minOs: string;
}

export const MAC_APPS: readonly MacAppSpec[] = [
  {
    name: 'zoom.us.app',
    displayName: 'zoom.us',
    bundleId: 'us.zoom.xos',
    executable: 'zoom.us',
    category: 'public.app-category.productivity',
    copyright: '© 2012-2024 Zoom Video Communications, Inc.',
    versions: ['5.10.4 (6592)', '5.11.3 (9065)', '5.12.0 (11129)', '5.16.10 (26186)', '6.1.1 (36333)'],
    minOs: '10.13',
  },
  {
    name: 'Slack.app',
    displayName: 'Slack',
    bundleId: 'com.tinyspeck.slackmacgap',
    executable: 'Slack',
    category: 'public.app-category.business',
    copyright: 'Copyright © 2024 Slack Technologies, LLC',
    versions: ['4.29.149', '4.35.126', '4.38.125'],
    minOs: '10.15',
  },
  {
    name: 'Google Chrome.app',
    displayName: 'Google Chrome',
    bundleId: 'com.google.Chrome',
    executable: 'Google Chrome',
    category: 'public.app-category.productivity',
    copyright: 'Copyright 2024 Google LLC. All rights reserved.',
    versions: ['118.0.5993.88', '124.0.6367.201', '126.0.6478.127'],
    minOs: '10.15',
  },
  {
    name: 'Firefox.app',
    displayName: 'Firefox',
    bundleId: 'org.mozilla.firefox',
    executable: 'firefox',
    category: 'public.app-category.productivity',
    copyright: '© 1998-2024 Mozilla Foundation',
    versions: ['115.12.0', '126.0.1', '127.0.2'],
    minOs: '10.15',
  },
  {
    name: 'Microsoft Teams.app',
    displayName: 'Microsoft Teams',
    bundleId: 'com.microsoft.teams2',
    executable: 'MSTeams',
    category: 'public.app-category.business',
    copyright: '© Microsoft Corporation. All rights reserved.',
    versions: ['23285.3607.2525.937', '24152.405.2925.6762'],
    minOs: '11.0',
  },
  {
    name: 'Visual Studio Code.app',
    displayName: 'Code',
    bundleId: 'com.microsoft.VSCode',
    executable: 'Electron',
    category: 'public.app-category.developer-tools',
    copyright: 'Copyright (C) 2024 Microsoft. All rights reserved',
    versions: ['1.85.2', '1.90.2'],
    minOs: '10.15',
  },
  {
    name: 'Tailscale.app',
    displayName: 'Tailscale',
    bundleId: 'io.tailscale.ipn.macsys',
    executable: 'Tailscale',
    category: 'public.app-category.utilities',
    copyright: 'Copyright © 2024 Tailscale Inc. All Rights Reserved.',
    versions: ['1.56.1', '1.68.1'],
    minOs: '10.15',
  },
  {
    name: '1Password 7.app',
    displayName: '1Password 7',
    bundleId: 'com.agilebits.onepassword7',
    executable: '1Password 7',
    category: 'public.app-category.productivity',
    copyright: 'Copyright © 2021 AgileBits Inc.',
    versions: ['7.9.11'],
    minOs: '10.14',
  },
  {
    name: 'Safari.app',
    displayName: 'Safari',
    bundleId: 'com.apple.Safari',
    executable: 'Safari',
    category: 'public.app-category.productivity',
    copyright: '© 2003-2024 Apple Inc.',
    versions: ['16.6', '17.5'],
    minOs: '12.0',
  },
  {
    name: 'JumpCloud.app',
    displayName: 'JumpCloud',
    bundleId: 'com.jumpcloud.jumpcloud-agent-app',
    executable: 'JumpCloud',
    category: 'public.app-category.utilities',
    copyright: 'Copyright © 2024 JumpCloud Inc.',
    versions: ['2.15.0', '3.1.2'],
    minOs: '11.0',
  },
];

export interface WindowsProgramSpec {
  name: string;
  publisher: string;
  versions: readonly string[];
  location: string;
  msi: boolean;
}

export const WINDOWS_PROGRAMS: readonly WindowsProgramSpec[] = [
  {
    name: 'Zoom',
    publisher: 'Zoom Video Communications, Inc.',
    versions: ['5.10.7 (6120)', '5.11.3 (9065)', '5.13.11 (16405)', '5.17.11 (34827)', '6.0.11 (39959)'],
    location: 'C:\\Program Files\\Zoom\\bin',
    msi: true,
  },
  {
    name: 'Slack',
    publisher: 'Slack Technologies Inc.',
    versions: ['4.29.149', '4.38.125'],
    location: 'C:\\Program Files\\Slack',
    msi: false,
  },
  {
    name: 'Google Chrome',
    publisher: 'Google LLC',
    versions: ['118.0.5993.89', '126.0.6478.127'],
    location: 'C:\\Program Files\\Google\\Chrome\\Application',
    msi: true,
  },
  {
    name: 'Mozilla Firefox (x64 en-US)',
    publisher: 'Mozilla',
    versions: ['115.12.0', '127.0.2'],
    location: 'C:\\Program Files\\Mozilla Firefox',
    msi: false,
  },
  {
    name: 'Microsoft Teams',
    publisher: 'Microsoft Corporation',
    versions: ['1.6.00.4472', '24152.405.2925.6762'],
    location: 'C:\\Program Files\\WindowsApps\\MSTeams',
    msi: false,
  },
  {
    name: 'Microsoft Edge',
    publisher: 'Microsoft Corporation',
    versions: ['125.0.2535.92', '126.0.2592.87'],
    location: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application',
    msi: false,
  },
  {
    name: 'Tailscale',
    publisher: 'Tailscale Inc.',
    versions: ['1.56.1', '1.68.1'],
    location: 'C:\\Program Files\\Tailscale',
    msi: true,
  },
  {
    name: '7-Zip 23.01 (x64)',
    publisher: 'Igor Pavlov',
    versions: ['23.01'],
    location: 'C:\\Program Files\\7-Zip',
    msi: false,
  },
  {
    name: 'JumpCloud Agent',
    publisher: 'JumpCloud Inc.',
    versions: ['1.150.0', '1.170.0'],
    location: 'C:\\Program Files\\JumpCloud',
    msi: true,
  },
];

export interface LinuxPackageSpec {
  name: string;
  versions: readonly string[];
  release: string;
  section: string;
  vendor: string;
  sizeKb: number;
}

export const LINUX_PACKAGES: readonly LinuxPackageSpec[] = [
  {
    name: 'zoom',
    versions: ['5.10.6.3192', '5.11.10.4400', '5.12.2.4816', '5.17.11.3835', '6.0.12.5501'],
    release: '',
    section: 'net',
    vendor: 'Zoom Video Communications, Inc. <linux@zoom.us>',
    sizeKb: 870_000,
  },
  {
    name: 'slack-desktop',
    versions: ['4.29.149', '4.38.125'],
    release: '',
    section: 'net',
    vendor: 'Slack Technologies <feedback@slack.com>',
    sizeKb: 290_000,
  },
  {
    name: 'google-chrome-stable',
    versions: ['118.0.5993.88', '126.0.6478.126'],
    release: '1',
    section: 'web',
    vendor: 'Chrome Linux Team <chromium-dev@chromium.org>',
    sizeKb: 340_000,
  },
  {
    name: 'firefox',
    versions: ['115.12.0', '127.0.2'],
    release: '0ubuntu1',
    section: 'web',
    vendor: 'Ubuntu Mozilla Team <ubuntu-mozillateam@lists.ubuntu.com>',
    sizeKb: 240_000,
  },
  {
    name: 'openssh-server',
    versions: ['8.9p1', '9.6p1'],
    release: '3ubuntu0.10',
    section: 'net',
    vendor: 'Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>',
    sizeKb: 1_500,
  },
  {
    name: 'openssl',
    versions: ['3.0.2', '3.0.13'],
    release: '0ubuntu1.15',
    section: 'utils',
    vendor: 'Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>',
    sizeKb: 2_100,
  },
  {
    name: 'curl',
    versions: ['7.81.0', '8.5.0'],
    release: '1ubuntu1.16',
    section: 'web',
    vendor: 'Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>',
    sizeKb: 450,
  },
  {
    name: 'tailscale',
    versions: ['1.56.1', '1.68.1'],
    release: '',
    section: 'net',
    vendor: 'Tailscale Inc <info@tailscale.com>',
    sizeKb: 50_000,
  },
  {
    name: 'jcagent',
    versions: ['1.150.0', '1.170.0'],
    release: '1',
    section: 'admin',
    vendor: 'JumpCloud <support@jumpcloud.com>',
    sizeKb: 60_000,
  },
];

export const SSO_APPS = [
  ['salesforce', 'Salesforce', 'https://login.salesforce.com'],
  ['slack', 'Slack', 'https://slack.com'],
  ['zoom', 'Zoom', 'https://zoom.us'],
  ['github', 'GitHub', 'https://github.com'],
  ['aws', 'AWS IAM Identity Center', 'https://signin.aws.amazon.com'],
  ['atlassian', 'Atlassian Cloud', 'https://id.atlassian.com'],
  ['google', 'Google Workspace', 'https://accounts.google.com'],
  ['box', 'Box', 'https://app.box.com'],
] as const;

export const APP_COLORS = [
  '#202D38',
  '#005466',
  '#3E8696',
  '#006CAC',
  '#0617AC',
  '#7C6ADA',
  '#D5779D',
  '#FFB000',
] as const;

export const USER_GROUP_NAMES = [
  'All Employees',
  'Engineering',
  'Finance',
  'IT Admins',
  'Sales',
  'Marketing',
  'Contractors',
  'VPN Users',
  'Wi-Fi Users',
  'Linux Admins',
  'Legal Hold',
  'Former Employees',
  'Interns',
  'Executives',
  'Support',
  'Design',
] as const;

export const SYSTEM_GROUP_NAMES = [
  'All Macs',
  'All Windows',
  'Linux Servers',
  'Engineering Laptops',
  'Kiosks',
  'Retired Devices',
  'Finance Devices',
] as const;
