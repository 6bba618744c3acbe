/** `/hotels/{id}`: the hotel's page, its room types with availability for the chosen dates, and booking. */
import { api, plainWords } from '../api';
import type { Availability, Money, NewBooking, PublicHotel } from '../api-types';
import { dropErrorOnEdit, field, fieldProblems, h, labelCells, message, show } from '../dom';
import { detailsOf, fieldWords, stayProblems } from '../field-words';
import { formatMoney, isoDay, nightsBetween } from '../format';
import { sayRefusal } from '../refusal';
import { navigate } from '../router';
import { plausibleDate } from '../search-words';
import { cancellationWords, hotelTimes, PAYMENT_NOTE, placeOf, standardTerms } from '../stay-terms';
import { guestDetailsFields } from './guest-details';
import { attributeList, type StayQuote, whyNotBookable } from './hotel-facts';
import { guestsFields, planChoice } from './plan-choice';
import { stayInputs } from './stay-inputs';

const STAY_FIELDS = ['checkIn', 'checkOut', 'rooms'];

export async function hotelPage(hotelId: string): Promise<void> {
  show(h('p', { class: 'status', role: 'status' }, 'Loading the hotel…'));
  const loaded = await api<PublicHotel>('GET', `/v1/hotels/${encodeURIComponent(hotelId)}`);
  if (!loaded.ok) {
    show(
      h('h1', {}, 'Hotel not found'),
      message(plainWords(loaded.error), 'error'),
      h('p', {}, h('a', { href: '/', 'data-link': '' }, 'Back to search')),
    );
    return;
  }
  const hotel = loaded.data;
  document.title = `${hotel.name} · Hotels`;

  // Dates and rooms the traveller searched with come along in the link, so they are not typed twice.
  const asked = new URLSearchParams(location.search);
  const { checkIn, checkOut, rooms, exampleNote } = stayInputs(asked);
  const roomType = h('select', { required: true });
  const name = h('input', { type: 'text', required: true, autocomplete: 'name', maxlength: '200' });
  const email = h('input', { type: 'email', required: true, autocomplete: 'email', maxlength: '254' });
  const details = guestDetailsFields();
  const guests = guestsFields(asked);
  // Filled in below, once the totals it shows can be redrawn.
  let onPlanPicked = () => {};
  const plans = planChoice(hotel.timeZone, () => onPlanPicked());
  // Each field's problem under it, keyed as the API names the booking's fields.
  const problems = fieldProblems({
    checkIn,
    checkOut,
    roomTypeId: roomType,
    rooms,
    adults: guests.adults,
    children: guests.children,
    ratePlanId: roomType,
    'guest.name': name,
    'guest.email': email,
    ...details.controls,
  });
  const book = h('button', { type: 'submit' }, 'Book');
  const feedback = h('div', { class: 'feedback' });
  // Its own slot: refreshing availability must never erase what the booking said.
  const availabilityNote = h('div', { class: 'feedback' });
  const availabilityCells = new Map<string, HTMLElement>();
  const stayCells = new Map<string, HTMLElement>();
  const rows = new Map<string, HTMLElement>();
  // The room types availability offers for the guests asked (one too small is left out); undefined until it answers.
  let offered: Set<string> | undefined;
  const isOffered = (id: string) => !offered || offered.has(id);
  let available = new Map<string, number>();
  // The stay's quote per room type, as the traveller saw it: the booking sends its total as expected.
  let quotes = new Map<string, StayQuote>();
  // A room type that cannot be booked for these dates: sold out, or closed or outside its stay limits.
  const unbookable = (id: string) => available.get(id) === 0 || quotes.get(id)?.bookable === false;

  const tableBody = h(
    'tbody',
    {},
    ...hotel.roomTypes.map((rt) => {
      const cell = h('td', {}, '…');
      const stay = h('td', { class: 'stay-total' }, '…');
      availabilityCells.set(rt.roomTypeId, cell);
      stayCells.set(rt.roomTypeId, stay);
      const row = h(
        'tr',
        {},
        h('th', { scope: 'row' }, rt.name),
        h('td', {}, formatMoney(rt.pricePerNight)),
        stay,
        cell,
      );
      rows.set(rt.roomTypeId, row);
      return row;
    }),
  );
  const renderOptions = () => {
    const selected = roomType.value || asked.get('roomType') || '';
    roomType.replaceChildren(
      ...hotel.roomTypes
        .filter((rt) => isOffered(rt.roomTypeId))
        .map((rt) => {
          const free = available.get(rt.roomTypeId);
          const soldOut = free === 0;
          const quote = quotes.get(rt.roomTypeId);
          const price = quote
            ? `${formatMoney(quote.totalPrice)} for the stay`
            : `${formatMoney(rt.pricePerNight)} per night`;
          const state =
            quote?.bookable === false
              ? ' · cannot be booked for these dates'
              : soldOut
                ? ' · sold out'
                : free !== undefined
                  ? ` · ${free} left`
                  : '';
          return h(
            'option',
            { value: rt.roomTypeId, disabled: unbookable(rt.roomTypeId) },
            `${rt.name} · ${price}${state}`,
          );
        }),
    );
    const firstOpen = hotel.roomTypes.find((rt) => isOffered(rt.roomTypeId) && !unbookable(rt.roomTypeId));
    if (!firstOpen)
      roomType.prepend(
        h(
          'option',
          { value: '', selected: true },
          offered?.size === 0
            ? 'No room type holds this many guests'
            : 'No room type is free for these dates',
        ),
      );
    roomType.value =
      selected && isOffered(selected) && !unbookable(selected) ? selected : (firstOpen?.roomTypeId ?? '');
    renderPlans();
    updateBookable();
  };
  // Book only what can be booked: a sold-out stay, or more rooms than are left, disables it and says why.
  const bookNote = h('p', { class: 'hint book-note', id: 'book-note', hidden: true });
  const updateBookable = () => {
    const free = available.get(roomType.value);
    const wanted = Number(rooms.value);
    rooms.max = String(Math.min(10, free || 10));
    const soldOut = quotes.size > 0 && (!roomType.value || unbookable(roomType.value));
    const tooMany = free !== undefined && free > 0 && wanted > free;
    problems.show(
      tooMany
        ? { rooms: `Only ${free} room${free === 1 ? '' : 's'} of this type left for these dates.` }
        : {},
      ['rooms'],
    );
    const why = soldOut
      ? 'Nothing can be booked for these dates: try other dates.'
      : tooMany
        ? 'Choose fewer rooms to book.'
        : '';
    book.disabled = Boolean(why);
    bookNote.textContent = why;
    bookNote.hidden = !why;
    if (why) book.setAttribute('aria-describedby', bookNote.id);
    else book.removeAttribute('aria-describedby');
  };

  let availabilityRequest = 0;
  /** Quotes that no longer answer the dates on screen go: the table, the options and the total. */
  const clearQuotes = (why: string) => {
    for (const cell of availabilityCells.values()) {
      cell.textContent = why;
      cell.className = '';
    }
    for (const cell of stayCells.values()) cell.textContent = '—';
    quotes = new Map();
    available = new Map();
    offered = undefined;
    for (const row of rows.values()) row.hidden = false;
    renderOptions();
    updateNights();
  };
  const refreshAvailability = async () => {
    // A date still being typed (year 0002, 0020…) is not asked about yet.
    if ([checkIn.value, checkOut.value].some((date) => date && !plausibleDate(date, isoDay(0)))) return;
    const request = ++availabilityRequest;
    const who = guests.value();
    const wrong = stayProblems(checkIn.value, checkOut.value, rooms.value || '1');
    problems.show(wrong, STAY_FIELDS);
    if (!checkIn.value || !checkOut.value || wrong.checkIn || wrong.checkOut) {
      clearQuotes('Choose your dates');
      return;
    }
    const result = await api<Availability>(
      'GET',
      `/v1/hotels/${encodeURIComponent(hotelId)}/availability?checkIn=${checkIn.value}&checkOut=${checkOut.value}&adults=${who.adults}&children=${who.children}`,
    );
    if (request !== availabilityRequest) return; // the dates changed again meanwhile
    if (!result.ok) {
      clearQuotes('—');
      // A date the server refuses (one in the past by the hotel's clock) is said under that date.
      const refused = detailsOf(result.error);
      const dated = Object.keys(refused).filter((f) => f === 'checkIn' || f === 'checkOut');
      if (dated.length)
        problems.show(
          Object.fromEntries(dated.map((f) => [f, fieldWords(f, refused[f] ?? '')])),
          STAY_FIELDS,
        );
      availabilityNote.replaceChildren(dated.length ? '' : message(plainWords(result.error), 'error'));
      return;
    }
    availabilityNote.replaceChildren();
    available = new Map(result.data.roomTypes.map((r) => [r.roomTypeId, r.available]));
    quotes = new Map(result.data.roomTypes.map((r) => [r.roomTypeId, r]));
    offered = new Set(quotes.keys());
    // A room type too small for the guests is not offered: its row goes until the guests change.
    for (const [id, row] of rows) row.hidden = !offered.has(id);
    for (const [id, cell] of availabilityCells) {
      const free = available.get(id) ?? 0;
      const quote = quotes.get(id);
      cell.textContent =
        quote?.bookable === false
          ? whyNotBookable(quote)
          : free === 0
            ? 'Sold out for these dates'
            : `${free} room${free === 1 ? '' : 's'} left`;
      cell.className = free === 0 || quote?.bookable === false ? 'sold-out' : '';
    }
    for (const [id, cell] of stayCells) {
      const quote = quotes.get(id);
      // The cheapest plan's total for these guests: the row's "from" price.
      const cheapest = quote?.offers.reduce<Money | undefined>(
        (low, o) => (!low || o.totalPrice.amount < low.amount ? o.totalPrice : low),
        undefined,
      );
      cell.textContent = cheapest
        ? `${quote && quote.offers.length > 1 ? 'from ' : ''}${formatMoney(cheapest)}`
        : quote
          ? formatMoney(quote.totalPrice)
          : '—';
    }
    renderOptions();
    updateNights();
  };
  checkIn.addEventListener('change', () => {
    if (plausibleDate(checkIn.value, isoDay(0)) && checkOut.value <= checkIn.value)
      checkOut.value = new Date(Date.parse(checkIn.value) + 86_400_000).toISOString().slice(0, 10);
    void refreshAvailability();
  });
  checkOut.addEventListener('change', () => void refreshAvailability());

  // One idempotency key per intended booking: a retry after a lost answer books once.
  let idempotencyKey = crypto.randomUUID();
  let lastAttempt = '';
  const form = h('form', { class: 'card booking', 'aria-labelledby': 'book-title' });
  dropErrorOnEdit(form, feedback);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const wrong = stayProblems(checkIn.value, checkOut.value, rooms.value);
    problems.show(wrong, STAY_FIELDS);
    if (Object.keys(wrong).length) {
      feedback.replaceChildren(message('Please fix what is marked above.', 'error'));
      return;
    }
    const offer = plans.chosen();
    const extra = details.value();
    const body = {
      roomTypeId: roomType.value,
      ...(offer ? { ratePlanId: offer.ratePlanId } : {}),
      ...guests.value(),
      checkIn: checkIn.value,
      checkOut: checkOut.value,
      rooms: Number(rooms.value),
      guest: { name: name.value.trim(), email: email.value.trim(), ...extra.guest },
      ...(extra.booker ? { booker: extra.booker } : {}),
      // What the traveller was shown: if the price changed meanwhile, the booking is refused, never overcharged.
      ...(offer
        ? {
            expectedTotalPrice: {
              amount: offer.totalPrice.amount * Number(rooms.value),
              currency: offer.totalPrice.currency,
            },
          }
        : {}),
    };
    const attempt = JSON.stringify(body);
    if (attempt !== lastAttempt) idempotencyKey = crypto.randomUUID();
    lastAttempt = attempt;
    book.disabled = true;
    feedback.replaceChildren(message('Booking…'));
    const result = await api<NewBooking>('POST', `/v1/hotels/${encodeURIComponent(hotelId)}/bookings`, {
      body,
      idempotencyKey,
    });
    updateBookable();
    if (result.ok) {
      // The token travels in the fragment: browsers never send it to any server.
      navigate(
        `/bookings/${encodeURIComponent(hotelId)}/${encodeURIComponent(result.data.bookingId)}#token=${encodeURIComponent(result.data.accessToken)}&new=1`,
      );
      return;
    }
    // A refused field is said next to it; the rest of the form's problems here.
    feedback.replaceChildren(
      message(sayRefusal(problems, result.error, plainWords, 'nothing was booked'), 'error'),
    );
    if (['SOLD_OUT', 'NOT_BOOKABLE', 'PRICE_CHANGED'].includes(result.error.code)) void refreshAvailability();
  });
  const nights = h('p', { class: 'nights', 'aria-live': 'polite' });
  // The cancellation terms of the stay on screen: the chosen plan's offer when availability
  // has quoted it (its deadline and the fee after), else the standard terms' deadline alone.
  const terms = h('p', { class: 'hint terms' });
  // The chosen room type's plans, redrawn when its quote or the room type changes (never on a pick,
  // so the radio being moved through keeps the focus).
  function renderPlans() {
    const quote = quotes.get(roomType.value);
    plans.render(quote?.bookable ? quote.offers : []);
  }
  // The nights, and what the chosen rooms cost for the whole stay.
  const updateNights = () => {
    const n = checkIn.value && checkOut.value ? nightsBetween(checkIn.value, checkOut.value) : 0;
    const quote = quotes.get(roomType.value);
    const offer = quote?.bookable ? plans.chosen() : undefined;
    const count = Number(rooms.value);
    const total =
      offer && Number.isInteger(count) && count > 0
        ? ` · ${formatMoney({ amount: offer.totalPrice.amount * count, currency: offer.totalPrice.currency })} in total${count > 1 ? ` for ${count} rooms` : ''}`
        : '';
    nights.textContent = n > 0 ? `${n} night${n === 1 ? '' : 's'}${total}` : '';
    terms.textContent =
      n > 0 && /^\d{4}-\d{2}-\d{2}$/.test(checkIn.value)
        ? cancellationWords(offer?.cancellation ?? standardTerms(hotel, checkIn.value), hotel.timeZone)
        : '';
  };
  checkIn.addEventListener('change', updateNights);
  checkOut.addEventListener('change', updateNights);
  roomType.addEventListener('change', renderPlans);
  roomType.addEventListener('change', updateNights);
  onPlanPicked = updateNights;
  for (const count of [guests.adults, guests.children])
    count.addEventListener('change', () => void refreshAvailability());
  rooms.addEventListener('input', updateNights);
  rooms.addEventListener('input', updateBookable);
  roomType.addEventListener('change', updateBookable);
  updateNights();
  form.append(
    h('h2', { id: 'book-title' }, 'Book a stay'),
    h('div', { class: 'row' }, field('Check-in', checkIn), field('Check-out', checkOut)),
    nights,
    guests.element,
    h('div', { class: 'row' }, field('Room type', roomType), field('Rooms', rooms)),
    plans.element,
    h('div', { class: 'row' }, field('Name', name), field('Email', email)),
    details.element,
    terms,
    h('p', { class: 'hint payment' }, PAYMENT_NOTE),
    book,
    bookNote,
    feedback,
  );
  renderOptions();

  show(
    h('p', { class: 'crumbs' }, h('a', { href: '/', 'data-link': '' }, 'Search')),
    h(
      'article',
      { class: 'hotel' },
      h('h1', {}, hotel.name),
      h('p', { class: 'where' }, placeOf(hotel)),
      hotel.description ? h('p', { class: 'description' }, hotel.description) : null,
      h('p', { class: 'hotel-times' }, `${hotelTimes(hotel)}.`),
      attributeList(hotel.attributes),
      h('h2', {}, 'Rooms'),
      exampleNote,
      hotel.roomTypes.length
        ? labelCells(
            h(
              'table',
              { class: 'rooms' },
              h('caption', {}, 'Room types, prices and availability for your dates'),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', { scope: 'col' }, 'Room type'),
                  h('th', { scope: 'col' }, 'Per night'),
                  h('th', { scope: 'col' }, 'Your stay, one room'),
                  h('th', { scope: 'col' }, 'Availability'),
                ),
              ),
              tableBody,
            ),
          )
        : h('p', {}, 'This hotel has no rooms to book yet.'),
      availabilityNote,
    ),
    hotel.roomTypes.length ? form : null,
  );
  await refreshAvailability();
}
