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

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A form's problems, each said under its own control. */
export interface FieldProblems {
  /**
   * Says each problem (keyed like the controls) under its control, in the words given, and
   * clears those of `among` (every control unless given) with none; answers the problems
   * no control here takes.
   */
  show(problems: Record<string, string>, among?: readonly string[]): Record<string, string>;
  /** Clears every problem. */
  clear(): void;
}

/**
 * Problems under their fields: each control (inside a `field()`) gets a `.field-error`
 * line, `aria-invalid` and `aria-describedby` while it has a problem; typing in it
 * clears its own. Keys are the API's field paths, so a VALIDATION answer maps straight on.
 */
export function fieldProblems(controls: Record<string, Control>): FieldProblems {
  const slots = new Map<string, HTMLElement>();
  const slotOf = (key: string, control: Control) => {
    let slot = slots.get(key);
    if (!slot) {
      control.id ||= `f-${key.replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2, 7)}`;
      slot = h('small', { class: 'field-error', id: `${control.id}-error`, role: 'alert', hidden: true });
      (control.closest('.field') ?? control.parentElement)?.append(slot);
      slots.set(key, slot);
    }
    return slot;
  };
  const say = (key: string, control: Control, words: string | undefined) => {
    const slot = slotOf(key, control);
    slot.textContent = words ?? '';
    slot.hidden = !words;
    // The problem joins whatever else describes the control (a hint, a counter).
    const described = (control.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((id) => id && id !== slot.id);
    if (words) {
      control.setAttribute('aria-invalid', 'true');
      described.push(slot.id);
    } else control.removeAttribute('aria-invalid');
    if (described.length) control.setAttribute('aria-describedby', described.join(' '));
    else control.removeAttribute('aria-describedby');
  };
  for (const [key, control] of Object.entries(controls))
    control.addEventListener('input', () => {
      if (control.getAttribute('aria-invalid')) say(key, control, undefined);
    });
  return {
    show(problems, among = Object.keys(controls)) {
      const left: Record<string, string> = {};
      for (const [key, words] of Object.entries(problems)) if (!(key in controls)) left[key] = words;
      for (const [key, control] of Object.entries(controls))
        if (among.includes(key) || key in problems) say(key, control, problems[key]);
      return left;
    },
    clear() {
      for (const [key, control] of Object.entries(controls)) say(key, control, undefined);
    },
  };
}

/** A refusal answers the form as it was sent: once the user edits the form, `slot`'s error goes. */
export function dropErrorOnEdit(form: HTMLElement, slot: HTMLElement): void {
  form.addEventListener('input', () => {
    if (slot.querySelector('.msg.error')) slot.replaceChildren();
  });
}

/** An id as the API takes it (a room type's, a rate plan's): fixed once the item exists. */
export function idInput(existingId: string | undefined, placeholder: string): HTMLInputElement {
  return h('input', {
    type: 'text',
    required: true,
    pattern: '[a-z0-9][a-z0-9\\-]{0,63}',
    value: existingId ?? '',
    readonly: existingId !== undefined,
    placeholder,
  });
}

/** A new item's id follows its name (through `idFor`) until the user types an id of their own. */
export function idFollowsName(
  name: HTMLInputElement,
  id: HTMLInputElement,
  idFor: (name: string) => string,
): void {
  let idTyped = false;
  id.addEventListener('input', () => {
    idTyped = id.value !== '';
  });
  name.addEventListener('input', () => {
    if (!idTyped) id.value = name.value.trim() ? idFor(name.value) : '';
  });
}
