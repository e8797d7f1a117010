/**
 * The region registry: the one place that lists the cities of the Yangtze federation.
 * Everything else (schemas, composition, launcher, policies) derives from this list.
 */
export interface CityDefinition {
  /** Stable lower-case code used in ids, GraphQL field names, token issuers and database names. */
  readonly code: string;
  readonly nameEn: string;
  readonly nameZh: string;
  /** Port of the node when the region runs on one machine. */
  readonly localPort: number;
  /** Cities sharing a border along the river or by road; demo policies use it. */
  readonly neighbours: readonly string[];
}

export const REGION_ID = 'yangtze-jiangsu';
export const REGION_NAME = 'Yangtze Police Federation (Jiangsu)';
export const GATEWAY_LOCAL_PORT = 4000;

export const CITIES: readonly CityDefinition[] = Object.freeze([
  { code: 'nanjing', nameEn: 'Nanjing', nameZh: '南京', localPort: 4101, neighbours: ['zhenjiang', 'yangzhou'] },
  { code: 'wuxi', nameEn: 'Wuxi', nameZh: '无锡', localPort: 4102, neighbours: ['changzhou', 'suzhou', 'taizhou'] },
  { code: 'changzhou', nameEn: 'Changzhou', nameZh: '常州', localPort: 4103, neighbours: ['wuxi', 'zhenjiang', 'taizhou'] },
  { code: 'suzhou', nameEn: 'Suzhou', nameZh: '苏州', localPort: 4104, neighbours: ['wuxi', 'nantong'] },
  { code: 'nantong', nameEn: 'Nantong', nameZh: '南通', localPort: 4105, neighbours: ['suzhou', 'taizhou'] },
  { code: 'yangzhou', nameEn: 'Yangzhou', nameZh: '扬州', localPort: 4106, neighbours: ['nanjing', 'zhenjiang', 'taizhou'] },
  { code: 'zhenjiang', nameEn: 'Zhenjiang', nameZh: '镇江', localPort: 4107, neighbours: ['nanjing', 'yangzhou', 'changzhou', 'taizhou'] },
  { code: 'taizhou', nameEn: 'Taizhou', nameZh: '泰州', localPort: 4108, neighbours: ['yangzhou', 'zhenjiang', 'nantong', 'wuxi', 'changzhou'] },
]);

export const CITY_CODES: readonly string[] = CITIES.map((c) => c.code);

/** Every city of the region but this one (the peers a node talks to). */
export function otherCities(code: string): string[] {
  return CITY_CODES.filter((c) => c !== code);
}

export function isCityCode(value: unknown): value is string {
  return typeof value === 'string' && CITY_CODES.includes(value);
}

export function getCity(code: string): CityDefinition {
  const city = CITIES.find((c) => c.code === code);
  if (!city) {
    throw new Error(`Unknown city "${code}". Known cities: ${CITY_CODES.join(', ')}.`);
  }
  return city;
}

/** Default subgraph URL of a city's node on one machine. */
export function localCityUrl(code: string, host = '127.0.0.1'): string {
  return `http://${host}:${getCity(code).localPort}/graphql`;
}

/** Subgraph name used in the supergraph for a city; identical to the city code. */
export function subgraphName(code: string): string {
  return getCity(code).code;
}

/**
 * Parses an optional JSON map of city code -> subgraph URL (env CITY_URLS), filling gaps with local defaults.
 * Throws with the offending key when the map names an unknown city or holds a non-http URL.
 */
export function resolveCityUrls(overrideJson: string | undefined, host = '127.0.0.1'): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const code of CITY_CODES) urls[code] = localCityUrl(code, host);
  if (!overrideJson || overrideJson.trim() === '') return urls;
  let parsed: unknown;
  try {
    parsed = JSON.parse(overrideJson);
  } catch {
    throw new Error('CITY_URLS must be a JSON object such as {"taizhou":"http://taizhou:4108/graphql"}.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('CITY_URLS must be a JSON object mapping city codes to subgraph URLs.');
  }
  for (const [code, url] of Object.entries(parsed as Record<string, unknown>)) {
    if (!isCityCode(code)) throw new Error(`CITY_URLS names unknown city "${String(code)}". Known: ${CITY_CODES.join(', ')}.`);
    if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url)) {
      throw new Error(`CITY_URLS.${code} must be an http(s) URL, got ${JSON.stringify(url)}.`);
    }
    urls[code] = url;
  }
  return urls;
}
