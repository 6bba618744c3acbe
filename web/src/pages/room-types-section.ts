/**
 * A hotel's room types on its management page: a form per room type to rename it,
 * change its rooms, price and occupancy, and open its calendar and rate plans, and one to add a room type, whose
 * id follows its name (unique here) and whose currency starts as the hotel's.
 */
import { api } from '../api';
import type { ManagedHotel, PublicHotel, RoomType } from '../api-types';
import { field, fieldProblems, h, idFollowsName, idInput, message } from '../dom';
import { minorUnits } from '../format';
import { explain, token } from '../hotelier-session';
import { sayRefusal } from '../refusal';
import { defaultCurrency, roomTypeIdFor } from '../room-type-defaults';

/** How a form shows a room type's values: one formatting for its first draw and for what a save returned. */
function formValues(rt: RoomType) {
  const major = (money: RoomType['pricePerNight']) => String(money.amount / minorUnits(money.currency));
  return {
    name: rt.name,
    total: String(rt.totalRooms),
    price: major(rt.pricePerNight),
    currency: rt.pricePerNight.currency,
    holds: String(rt.maxOccupancy),
    included: String(rt.standardOccupancy),
    extra: major(rt.extraGuestPerNight),
  };
}

/** The room types' forms (`element`), `load` to draw them, and their names once loaded. */
export function roomTypesSection(hotel: ManagedHotel): {
  readonly element: HTMLElement;
  load(): Promise<void>;
  /** The room type's name, or its id until the room types are loaded. */
  nameOf(roomTypeId: string): string;
} {
  const hotelId = hotel.hotelId;
  const path = `/v1/manage/hotels/${encodeURIComponent(hotelId)}`;
  const roomTypes = h('div', { class: 'room-types' });
  // Under the room types: the message of the last save (the forms are never redrawn by one).
  const roomTypeSaved = h('div', { class: 'feedback', 'aria-live': 'polite' });
  // A new room type's form fills in its id from its name (unique here) and the hotel's currency.
  const roomTypeForm = (existing?: RoomType, others: readonly RoomType[] = []) => {
    const taken = new Set(others.map((rt) => rt.roomTypeId));
    const shown = existing ? formValues(existing) : undefined;
    const id = idInput(existing?.roomTypeId, 'deluxe-king');
    const rtName = h('input', {
      type: 'text',
      required: true,
      value: shown?.name ?? '',
      maxlength: '200',
    });
    const total = h('input', {
      type: 'number',
      min: '0',
      max: '10000',
      required: true,
      value: shown?.total ?? '10',
    });
    const currency = h('input', {
      type: 'text',
      required: true,
      pattern: '[A-Za-z]{3}',
      maxlength: '3',
      autocapitalize: 'characters',
      value:
        shown?.currency ??
        defaultCurrency(
          others.map((rt) => rt.pricePerNight),
          hotel.country,
        ),
    });
    currency.addEventListener('input', () => {
      currency.value = currency.value.toUpperCase();
    });
    if (!existing) idFollowsName(rtName, id, (name) => roomTypeIdFor(name, taken));
    const price = h('input', {
      type: 'number',
      min: '0',
      step: 'any',
      required: true,
      value: shown?.price ?? '100',
    });
    // Who a room holds and what the price includes; a new room type starts as the API's defaults.
    const guests = (value: string) =>
      h('input', {
        type: 'number',
        min: '1',
        max: '20',
        required: true,
        inputmode: 'numeric',
        value,
      });
    const holds = guests(shown?.holds ?? '2');
    const included = guests(shown?.included ?? '2');
    const extra = h('input', {
      type: 'number',
      min: '0',
      step: 'any',
      required: true,
      inputmode: 'decimal',
      value: shown?.extra ?? '0',
    });
    // Its calendar and rate plans, named after the room type: renamed in place when a save renames it.
    const links = existing
      ? [
          { to: 'calendar', words: 'Calendar of' },
          { to: 'rate-plans', words: 'Rate plans of' },
        ].map(({ to, words }) => {
          const link = h(
            'a',
            {
              class: 'button',
              href: `/manage/hotels/${encodeURIComponent(hotelId)}/room-types/${encodeURIComponent(existing.roomTypeId)}/${to}`,
              'data-link': '',
            },
            '',
          );
          const name = (roomTypeName: string) => link.replaceChildren(`${words} ${roomTypeName}`);
          name(existing.name);
          return { link, name };
        })
      : [];
    const form = h(
      'form',
      { class: 'row room-type' },
      field('Room type name', rtName),
      field('Room type id', id, existing ? undefined : 'Made from the name; lowercase letters, digits and -'),
      field('Total rooms', total),
      field('Price per night', price),
      field('Currency', currency),
      field('Guests a room holds', holds),
      field('Guests in the price', included),
      field('Per extra guest', extra, 'Each night, for each guest above those in the price'),
      h('button', { type: 'submit' }, existing ? 'Save room type' : 'Add room type'),
      ...links.map(({ link }) => link),
    );
    const problems = fieldProblems({
      roomTypeId: id,
      name: rtName,
      totalRooms: total,
      'pricePerNight.amount': price,
      'pricePerNight.currency': currency,
      maxOccupancy: holds,
      standardOccupancy: included,
      'extraGuestPerNight.amount': extra,
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      currency.value = currency.value.toUpperCase();
      // Adding must never overwrite: the API's PUT would update a room type with a taken id.
      if (!existing && taken.has(id.value)) {
        problems.show({ roomTypeId: `This hotel already has a room type with the id ${id.value}.` });
        return;
      }
      const amount = Math.round(Number(price.value) * minorUnits(currency.value));
      const inputs = { name: rtName, total, price, currency, holds, included, extra };
      // What was sent, to tell a field left alone during the save from one typed in meanwhile.
      const sent = Object.fromEntries(Object.entries(inputs).map(([key, input]) => [key, input.value]));
      // One save at a time per form: a second click while the first is on its way sends nothing.
      const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
      if (submit) submit.disabled = true;
      const result = await api<RoomType>('PUT', `${path}/room-types/${encodeURIComponent(id.value)}`, {
        token: token(),
        body: {
          name: rtName.value,
          totalRooms: Number(total.value),
          pricePerNight: { amount, currency: currency.value },
          maxOccupancy: Number(holds.value),
          standardOccupancy: Number(included.value),
          extraGuestPerNight: {
            amount: Math.round(Number(extra.value) * minorUnits(currency.value)),
            currency: currency.value,
          },
        },
      });
      if (submit) submit.disabled = false;
      if (!result.ok) {
        roomTypeSaved.replaceChildren(message(sayRefusal(problems, result.error, explain), 'error'));
        return;
      }
      // The owner region's answer is the truth; this region's copy may not have caught up yet.
      saved.set(result.data.roomTypeId, result.data);
      names.set(result.data.roomTypeId, result.data.name);
      if (existing) {
        // Each field left alone shows what was saved (the name trimmed, the price to the cent); one
        // typed in meanwhile keeps what is typed, and no redraw drops it.
        const now = formValues(result.data);
        for (const [key, input] of Object.entries(inputs) as [keyof typeof now, HTMLInputElement][])
          if (input.value === sent[key]) input.value = now[key];
        for (const { name } of links) name(result.data.name);
      } else {
        // A new room type gets a form of its own, above the add form, which starts afresh; the
        // other forms stay as they are (a redraw would drop what is typed in them).
        const all = [...others.filter((rt) => rt.roomTypeId !== result.data.roomTypeId), result.data];
        addHeading.before(roomTypeForm(result.data));
        form.replaceWith(roomTypeForm(undefined, all));
      }
      roomTypeSaved.replaceChildren(message(`Room type ${result.data.name} saved.`, 'success'));
    });
    return form;
  };
  const saved = new Map<string, RoomType>();
  const names = new Map<string, string>();
  /** Where the add form starts: a new room type's form goes in just above it. */
  const addHeading = h('h3', {}, 'Add a room type');
  const loadRoomTypes = async () => {
    const page = await api<PublicHotel>('GET', `/v1/hotels/${encodeURIComponent(hotelId)}`);
    const merged = new Map((page.ok ? page.data.roomTypes : []).map((rt) => [rt.roomTypeId, rt]));
    for (const [id, rt] of saved) merged.set(id, rt);
    for (const [id, rt] of merged) names.set(id, rt.name);
    roomTypes.replaceChildren(
      ...[...merged.values()].map((rt) => roomTypeForm(rt)),
      addHeading,
      roomTypeForm(undefined, [...merged.values()]),
    );
  };
  return {
    element: h('div', {}, roomTypes, roomTypeSaved),
    load: loadRoomTypes,
    nameOf: (roomTypeId) => names.get(roomTypeId) ?? roomTypeId,
  };
}
