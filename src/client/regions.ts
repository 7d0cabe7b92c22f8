export type Region = 'us' | 'eu' | 'in';

const ORIGINS: Record<Region, string> = {
  us: 'https://console.jumpcloud.com',
  eu: 'https://console.eu.jumpcloud.com',
  in: 'https://console.in.jumpcloud.com',
};

/** The console origin of a region; `/api`, `/api/v2` and `/insights/directory/v1` hang under it. */
export const regionOrigin = (region: Region): string => ORIGINS[region];
