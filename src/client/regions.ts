export type Region = 'us' | 'eu' | 'in';

const ORIGINS: Record<Region, string> = {
  us: 'https://console.jumpcloud.com',
  eu: 'https://console.eu.jumpcloud.com',
  in: 'https://console.in.jumpcloud.com',
};

/**
 * Directory Insights is served from the API hosts, not the console (the servers of the official
 * jumpcloud-directory-insights-v1.yaml): `/insights/directory/v1` hangs under these.
 */
const INSIGHTS_ORIGINS: Record<Region, string> = {
  us: 'https://api.jumpcloud.com',
  eu: 'https://api.eu.jumpcloud.com',
  in: 'https://api.in.jumpcloud.com',
};

/** The console origin of a region; `/api` and `/api/v2` hang under it. */
export const regionOrigin = (region: Region): string => ORIGINS[region];

/** The origin of a region's Directory Insights API (`/insights/directory/v1` hangs under it). */
export const regionInsightsOrigin = (region: Region): string => INSIGHTS_ORIGINS[region];
