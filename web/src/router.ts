/** Client-side routes over the History API; links marked data-link stay in the app. */
// An optional part of a route that is absent arrives as undefined, never as the string "undefined".
// biome-ignore lint/suspicious/noExplicitAny: each page names its own parameters, some optional.
type Handler = (...params: any[]) => void | Promise<void>;
const routes: Array<[RegExp, Handler]> = [];
let notFound: Handler = () => undefined;
const leaving: Array<() => void> = [];
let lifetime = new AbortController();

/**
 * The lifetime of the page on screen: aborted the moment the user moves to another.
 * api() ties each request to the page that made it, so a slow page's late answer never
 * draws over the page the user moved to (see api.ts).
 */
export function pageLifetime(): AbortSignal {
  return lifetime.signal;
}

/** Called as each page is left for the next (before the next one draws). */
export function onLeave(listener: () => void): void {
  leaving.push(listener);
}

/** The page for an address that no route matches, or whose parts cannot be decoded. */
export function fallback(handler: Handler): void {
  notFound = handler;
}

/** Decodes each captured part; undefined stays undefined, and bad percent-encoding is null. */
function decodeParts(parts: Array<string | undefined>): Array<string | undefined> | null {
  try {
    return parts.map((part) => (part === undefined ? undefined : decodeURIComponent(part)));
  } catch {
    return null;
  }
}

export function route(pattern: RegExp, handler: Handler): void {
  routes.push([pattern, handler]);
}

export function navigate(url: string): void {
  history.pushState(null, '', url);
  void render();
}

/** Renders the page for the current location. */
export async function render(): Promise<void> {
  // A page that names itself sets its own title; the others must not keep the last page's.
  lifetime.abort();
  lifetime = new AbortController();
  const life = lifetime.signal;
  document.title = 'Hotels';
  for (const listener of leaving) listener();
  const handled = routes.find(([pattern]) => pattern.test(location.pathname));
  const params = handled ? decodeParts(handled[0].exec(location.pathname)?.slice(1) ?? []) : null;
  await (handled && params ? handled[1](...params) : notFound());
  if (life.aborted) return; // left meanwhile: the next page owns the focus
  // Screen readers start at the new page; a page that put focus on its own first control keeps it.
  const main = document.getElementById('main');
  if (main && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
}

document.addEventListener('click', (event) => {
  const link = (event.target as HTMLElement).closest('a');
  if (
    !link ||
    link.origin !== location.origin ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    link.target
  )
    return;
  event.preventDefault();
  navigate(link.pathname + link.search + link.hash);
});
window.addEventListener('popstate', () => void render());
