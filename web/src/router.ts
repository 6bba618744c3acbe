/** Client-side routes over the History API; links marked data-link stay in the app. */
type Handler = (...params: string[]) => void | Promise<void>;
const routes: Array<[RegExp, Handler]> = [];

export function route(pattern: RegExp, handler: Handler): void {
  routes.push([pattern, handler]);
}

export function navigate(url: string): void {
  history.pushState(null, '', url);
  void render();
}

/** Renders the page for the current location. */
export async function render(): Promise<void> {
  for (const [pattern, handler] of routes) {
    const match = pattern.exec(location.pathname);
    if (match) {
      await handler(...match.slice(1).map(decodeURIComponent));
      document.getElementById('main')?.focus({ preventScroll: true });
      return;
    }
  }
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
