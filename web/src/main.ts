/**
 * The app: routes, the region picker, and (on the hoteliers' pages only) the footer line
 * that says which server region answered: travellers are not shown server regions.
 */
import './styles.css';
import { chooseRegion, currentRegion, loadConfig, onServed, type Region } from './api';
import { h, show } from './dom';
import { bookingPage } from './pages/booking';
import { calendarPage } from './pages/calendar';
import { findBookingPage } from './pages/find-booking';
import { hotelPage } from './pages/hotel';
import { managePage } from './pages/manage';
import { manageHotelPage } from './pages/manage-hotel';
import { ratePlansPage } from './pages/rate-plans';
import { ratesPage } from './pages/rates';
import { searchPage } from './pages/search';
import { fallback, onLeave, render, route } from './router';

const regionNames: Record<string, string> = {
  'us-east-1': 'United States (us-east-1)',
  'ap-southeast-1': 'Southeast Asia (ap-southeast-1)',
};
const picker = document.getElementById('region') as HTMLSelectElement;
const served = document.getElementById('served') as HTMLElement;
picker.value = currentRegion();
picker.addEventListener('change', () => {
  chooseRegion(picker.value as Region);
  void render();
});
const forHoteliers = () => location.pathname.startsWith('/manage');
onServed((region) => {
  served.textContent = forHoteliers() ? `Served by ${regionNames[region] ?? region}` : '';
});
onLeave(() => {
  served.textContent = '';
});

route(/^\/$/, searchPage);
route(/^\/hotels\/([^/]+)$/, hotelPage);
route(/^\/bookings\/([^/]+)\/([^/]+)$/, bookingPage);
route(/^\/find-booking$/, findBookingPage);
route(/^\/manage$/, managePage);
route(/^\/manage\/hotels\/([^/]+)$/, manageHotelPage);
route(/^\/manage\/hotels\/([^/]+)\/rates$/, ratesPage);
route(/^\/manage\/hotels\/([^/]+)\/room-types\/([^/]+)\/calendar$/, calendarPage);
route(/^\/manage\/hotels\/([^/]+)\/room-types\/([^/]+)\/rate-plans$/, ratePlansPage);
fallback(() => {
  document.title = 'Page not found · Hotels';
  show(
    h('h1', {}, 'Page not found'),
    h('p', {}, 'There is no page at this address.'),
    h('p', {}, h('a', { href: '/', 'data-link': '' }, 'Search hotels')),
  );
});

await loadConfig();
await render();
