/** Building the page safely: every piece of data goes in as text, never as HTML. */

type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | boolean | undefined | ((event: Event) => void)>;

/** An element with attributes (on* are listeners) and children; strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, value);
  }
  for (const child of children)
    if (child) element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return element;
}

/** Replaces the page's main content and moves focus to it, as a new page would. */
export function show(...children: Child[]): void {
  const main = document.getElementById('main') as HTMLElement;
  main.replaceChildren(...children.filter((c): c is Node | string => Boolean(c)));
}

/** A labelled form control; every control gets a visible label. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
): HTMLElement {
  const id =
    control.id || `f-${label.toLowerCase().replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2, 7)}`;
  control.id = id;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('small', {}, hint) : null,
  );
}

/** A polite status message region, for errors said in plain words. */
export function message(text: string, kind: 'error' | 'info' | 'success' = 'info'): HTMLElement {
  return h('p', { class: `msg ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/**
 * Copies each column's heading onto its body cells (`data-label`), now and whenever rows
 * are added or replaced, and marks the table `stack`: on a phone its rows become labelled
 * blocks instead of a table wider than the screen.
 */
export function labelCells(table: HTMLTableElement): HTMLTableElement {
  const label = () => {
    // Explicit roles: a table laid out as blocks keeps its table semantics for screen readers.
    table.setAttribute('role', 'table');
    for (const group of table.querySelectorAll('thead, tbody')) group.setAttribute('role', 'rowgroup');
    for (const row of table.querySelectorAll('tr')) row.setAttribute('role', 'row');
    for (const th of table.querySelectorAll('th'))
      th.setAttribute('role', th.getAttribute('scope') === 'row' ? 'rowheader' : 'columnheader');
    for (const td of table.querySelectorAll('td')) td.setAttribute('role', 'cell');
    const headings = [...table.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
    for (const row of table.querySelectorAll('tbody tr'))
      [...row.children].forEach((cell, at) => {
        const heading = headings[at];
        if (cell.tagName === 'TD' && heading && !cell.hasAttribute('data-label'))
          cell.setAttribute('data-label', heading);
      });
  };
  label();
  // Only rows coming and going are watched, so labelling never wakes the observer again.
  new MutationObserver(label).observe(table, { childList: true, subtree: true });
  table.classList.add('stack');
  return table;
}
