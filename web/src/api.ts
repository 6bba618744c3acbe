/** The regional APIs, as a traveller or hotelier in the chosen region reaches them. */
import type { ApiError } from './api-types';
import { problemsInWords } from './field-words';
import { pageLifetime } from './router';

export type { ApiError };

export type Region = 'us-east-1' | 'ap-southeast-1';

interface Config {
  apis: Record<Region, string>;
  cognito?: { domain: string; clientId: string };
}

let config: Config | undefined;
const listeners: Array<(region: string) => void> = [];

/** Loads /config.json (served next to the app, locally and in AWS). */
export async function loadConfig(): Promise<Config> {
  config ??= (await (await fetch('/config.json')).json()) as Config;
  return config;
}

export function cognito(): Config['cognito'] {
  return config?.cognito;
}

/** The region the traveller acts from: chosen in the footer, else guessed from the time zone. */
export function currentRegion(): Region {
  const saved = localStorage.getItem('region');
  if (saved === 'us-east-1' || saved === 'ap-southeast-1') return saved;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
  return /^(Asia|Australia|Pacific)\//.test(zone) ? 'ap-southeast-1' : 'us-east-1';
}

export function chooseRegion(region: Region): void {
  localStorage.setItem('region', region);
}

/** Called with the region that served each response (x-served-region). */
export function onServed(listener: (region: string) => void): void {
  listeners.push(listener);
}

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: ApiError };

/** An answer no one waits for any more: its page was left, so nothing after it runs. */
const never = <T>() => new Promise<T>(() => undefined);

/**
 * Calls the API of the chosen region; never throws, a network failure is an error result.
 * The request belongs to the page on screen when it is made: once the user leaves that
 * page it is aborted and never answers, so the page's code after it never runs and never
 * draws over the next page.
 */
export async function api<T>(
  method: string,
  path: string,
  options: { body?: unknown; token?: string; idempotencyKey?: string; signal?: AbortSignal } = {},
): Promise<ApiResult<T>> {
  const life = pageLifetime();
  const { apis } = await loadConfig();
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  try {
    const res = await fetch(`${apis[currentRegion()]}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal ? AbortSignal.any([options.signal, life]) : life,
    });
    if (life.aborted) return never();
    const served = res.headers.get('x-served-region');
    if (served) for (const listener of listeners) listener(served);
    const text = await res.text();
    if (life.aborted) return never();
    const json = text ? JSON.parse(text) : undefined;
    if (res.ok) return { ok: true, status: res.status, data: json as T };
    return {
      ok: false,
      status: res.status,
      error: (json?.error as ApiError) ?? { code: 'UNKNOWN', message: res.statusText },
    };
  } catch (error) {
    if (life.aborted) return never();
    if ((error as Error).name === 'AbortError') throw error;
    return { ok: false, status: 0, error: { code: 'NETWORK', message: 'The service could not be reached.' } };
  }
}

/**
 * Calls `fetch` again, briefly, while `lagging` says this region's copy may not
 * have caught up with a write just made in the other region.
 */
export async function untilReplicated<T>(
  fetch: () => Promise<T>,
  lagging: (result: T) => boolean,
  attempts = 10,
): Promise<T> {
  let result = await fetch();
  for (let attempt = 0; attempt < attempts && lagging(result); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    result = await fetch();
  }
  return result;
}

/** An error in plain words for a traveller. */
export function plainWords(error: ApiError): string {
  switch (error.code) {
    case 'SOLD_OUT':
      return 'Sorry, there are not enough rooms of that type for every night of your stay. Try other dates or another room type.';
    case 'NOT_BOOKABLE':
      return 'Sorry, this stay cannot be booked as chosen. Nothing was booked; the room list says why.';
    case 'PRICE_CHANGED':
      return 'The price of this stay has just changed. Nothing was booked; please check the new total and book again.';
    case 'VALIDATION':
      // Field by field in plain words; never the API's field paths or its developers' wording.
      return problemsInWords(error.details) || 'Please check what you entered and try again.';
    case 'OWNER_REGION_UNAVAILABLE':
      return 'The region that runs this hotel cannot be reached right now. Nothing was booked; please try again in a minute.';
    case 'SERVICE_UNAVAILABLE':
      return 'We are very busy right now. Nothing was changed; please try again in a moment.';
    case 'NOT_FOUND':
      return 'We could not find that. It may have been removed.';
    case 'UNAUTHORIZED':
      return 'Please sign in again: your access is missing or no longer valid.';
    case 'TOO_MANY_REQUESTS':
      return 'Too many tries for now. Please wait a while and try again.';
    case 'FORBIDDEN':
      return 'That belongs to another account.';
    case 'CONFLICT':
      return error.message;
    case 'NETWORK':
      return 'The service could not be reached. Check your connection and try again.';
    default:
      return 'Something went wrong on our side. Please try again.';
  }
}
