/**
 * `/manage/hotels/{id}/room-types/{roomTypeId}/rate-plans`: the hotelier's rate plans of
 * one room type. Each plan on sale in words (its price, cancellation, no-show fee, what it
 * includes, how far ahead it sells); a plan of theirs can be changed or stopped, and a
 * new one added. The standard plan is the room type's own and is changed with it.
 */
import { api } from '../api';
import type { PublicHotel, RatePlan, RatePlanBody, RatePlanList, RoomType } from '../api-types';
import { h, message, show } from '../dom';
import { explain, token } from '../hotelier-session';
import { adjustmentWords, advanceWords, cancellationRuleWords, noShowWords } from '../plan-terms';
import { sayRefusal } from '../refusal';
import { signIn } from './hotelier-sign-in';
import { type RatePlanForm, ratePlanForm } from './rate-plan-form';

const STANDARD = 'standard';

/** The rate plans page of one room type. */
export async function ratePlansPage(hotelId: string, roomTypeId: string): Promise<void> {
  if (!token()) return signIn(() => void ratePlansPage(hotelId, roomTypeId));
  const hotelHref = `/manage/hotels/${encodeURIComponent(hotelId)}`;
  const path = `/v1/manage/hotels/${encodeURIComponent(hotelId)}/room-types/${encodeURIComponent(roomTypeId)}/rate-plans`;
  const crumbs = h(
    'p',
    { class: 'crumbs' },
    h('a', { href: '/manage', 'data-link': '' }, 'Your hotels'),
    ' › ',
    h('a', { href: hotelHref, 'data-link': '' }, 'Your hotel'),
  );
  const [hotelPage, listed] = await Promise.all([
    api<PublicHotel>('GET', `/v1/hotels/${encodeURIComponent(hotelId)}`),
    api<RatePlanList>('GET', path, { token: token() }),
  ]);
  if (!listed.ok && listed.error.code === 'UNAUTHORIZED')
    return signIn(
      () => void ratePlansPage(hotelId, roomTypeId),
      'Your sign-in was not accepted: it may have expired. Please sign in again.',
    );
  const roomType: RoomType | undefined = hotelPage.ok
    ? hotelPage.data.roomTypes.find((rt) => rt.roomTypeId === roomTypeId)
    : undefined;
  if (!hotelPage.ok || !roomType || !listed.ok) {
    const why = !listed.ok
      ? listed.error.code === 'FORBIDDEN'
        ? 'This hotel is not one of yours.'
        : listed.error.code === 'NOT_FOUND'
          ? 'No such room type at this hotel.'
          : explain(listed.error)
      : 'No such room type at this hotel.';
    show(crumbs, h('h1', {}, 'Rate plans'), message(why, 'error'));
    return;
  }
  const hotel = hotelPage.data;
  // The breadcrumb and the tab name the hotel.
  (crumbs.lastElementChild as HTMLElement).textContent = hotel.name;
  document.title = `${roomType.name} rate plans · ${hotel.name} · Hotels`;

  // The owner region's answers are the truth; this region's list may not have caught up yet.
  const plans = new Map(listed.data.items.map((plan) => [plan.ratePlanId, plan]));
  const feedback = h('div', { class: 'feedback', 'aria-live': 'polite' });
  const list = h('ul', { class: 'rate-plans', 'aria-label': `Rate plans of ${roomType.name}` });
  const editor = h('section', { class: 'card', 'aria-labelledby': 'plan-editor-title' });

  const put = async (ratePlanId: string, body: RatePlanBody, form: RatePlanForm) => {
    const result = await api<RatePlan>('PUT', `${path}/${encodeURIComponent(ratePlanId)}`, {
      token: token(),
      body,
    });
    if (!result.ok) {
      feedback.replaceChildren(message(sayRefusal(form.problems, result.error, explain), 'error'));
      return;
    }
    form.problems.clear();
    plans.set(result.data.ratePlanId, result.data);
    drawList();
    editNew();
    feedback.replaceChildren(message(`Rate plan ${result.data.name} saved.`, 'success'));
  };
  const stop = async (plan: RatePlan) => {
    if (!window.confirm(`Stop selling ${plan.name}? Bookings made under it keep their terms.`)) return;
    const result = await api<void>('DELETE', `${path}/${encodeURIComponent(plan.ratePlanId)}`, {
      token: token(),
    });
    if (!result.ok) {
      feedback.replaceChildren(message(explain(result.error), 'error'));
      return;
    }
    plans.delete(plan.ratePlanId);
    drawList();
    feedback.replaceChildren(
      message(`${plan.name} is no longer sold. Bookings made under it keep their terms.`, 'success'),
    );
  };
  const taken = () => new Set(plans.keys());
  const editNew = () => {
    const form = ratePlanForm({ taken: taken(), currency: roomType.pricePerNight.currency, submit: put });
    editor.replaceChildren(h('h2', { id: 'plan-editor-title' }, 'Add a rate plan'), form.element);
  };
  const edit = (plan: RatePlan) => {
    // What the last save said is about another form now.
    feedback.replaceChildren();
    const form = ratePlanForm({
      existing: plan,
      taken: taken(),
      currency: roomType.pricePerNight.currency,
      submit: put,
      cancel: editNew,
    });
    editor.replaceChildren(h('h2', { id: 'plan-editor-title' }, `Change ${plan.name}`), form.element);
    form.element.querySelector<HTMLElement>('input')?.focus();
  };
  const planItem = (plan: RatePlan) => {
    const own = plan.ratePlanId !== STANDARD;
    const advance = advanceWords(plan.minAdvanceDays, plan.maxAdvanceDays);
    return h(
      'li',
      { class: 'rate-plan' },
      h('h3', {}, plan.name, h('span', { class: 'plan-id' }, ` (${plan.ratePlanId})`)),
      h('p', {}, adjustmentWords(plan.priceAdjustment)),
      h('p', {}, cancellationRuleWords(plan.cancellation, hotel.checkInTime, hotel.timeZone)),
      h('p', {}, noShowWords(plan.noShowFee)),
      plan.includes.length ? h('p', {}, `Includes ${plan.includes.join(', ')}`) : null,
      advance ? h('p', {}, advance) : null,
      own
        ? h(
            'div',
            { class: 'row actions' },
            h(
              'button',
              { type: 'button', class: 'secondary', onclick: () => edit(plan) },
              `Change ${plan.name}`,
            ),
            h(
              'button',
              { type: 'button', class: 'danger', onclick: () => void stop(plan) },
              `Stop selling ${plan.name}`,
            ),
          )
        : h(
            'p',
            { class: 'hint' },
            "The room type's own plan: its price is the room type's and the calendar's. ",
            h('a', { href: hotelHref, 'data-link': '' }, 'Change the room type'),
          ),
    );
  };
  const drawList = () => {
    const ordered = [...plans.values()].sort((a, b) =>
      a.ratePlanId === STANDARD
        ? -1
        : b.ratePlanId === STANDARD
          ? 1
          : a.ratePlanId.localeCompare(b.ratePlanId),
    );
    list.replaceChildren(...ordered.map(planItem));
  };
  drawList();
  editNew();
  show(
    crumbs,
    h('h1', {}, `Rate plans of ${roomType.name}`),
    h(
      'p',
      {},
      "Every plan sells this room type's rooms: a booking under any plan takes a room. A plan's price is each night's calendar price, then its change, then any extra guests.",
    ),
    h('section', { class: 'card' }, h('h2', {}, 'On sale'), list),
    editor,
    feedback,
  );
}
