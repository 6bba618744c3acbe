/**
 * WCAG 2's contrast ratio computed from getComputedStyle's colours, for what axe-core does
 * not check: the borders that show where a control is (WCAG 1.4.11 asks 3:1).
 */
import type { Page } from 'playwright-core';

/** An `rgb()`/`rgba()` colour as getComputedStyle writes it, as [r, g, b, alpha]. */
function rgba(css: string): [number, number, number, number] {
  const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
  return [r, g, b, a];
}
/** WCAG 2's relative luminance of an sRGB colour. */
function luminance([r, g, b]: [number, number, number, number]): number {
  const linear = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}
/** WCAG 2's contrast ratio of two opaque colours, 1 to 21. */
export function contrastRatio(one: string, other: string): number {
  const [first, second] = [luminance(rgba(one)), luminance(rgba(other))];
  return (Math.max(first, second) + 0.05) / (Math.min(first, second) + 0.05);
}
/**
 * For each visible element `selector` finds: the lower contrast of its border (left edge) against its
 * own background and against the first opaque background behind it, as getComputedStyle gives them.
 */
export async function borderContrasts(page: Page, selector: string) {
  const found = (await page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})]
    .filter((e) => e.getClientRects().length)
    .map((e) => {
      const opaque = (el) => {
        for (; el; el = el.parentElement) {
          const c = getComputedStyle(el).backgroundColor;
          if (c !== 'transparent' && !c.endsWith(', 0)')) return c;
        }
        return getComputedStyle(document.documentElement).backgroundColor;
      };
      const style = getComputedStyle(e);
      return {
        what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + (e.closest('[data-night]')?.getAttribute('data-night') ?? e.getAttribute('data-night') ?? e.getAttribute('name') ?? ''),
        border: style.borderLeftColor,
        width: style.borderLeftWidth,
        inside: opaque(e),
        around: opaque(e.parentElement),
      };
    })`)) as { what: string; border: string; width: string; inside: string; around: string }[];
  return found.map(({ what, border, width, inside, around }) => ({
    what,
    border,
    width,
    ratio: Number(Math.min(contrastRatio(border, inside), contrastRatio(border, around)).toFixed(2)),
  }));
}
