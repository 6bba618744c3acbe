/**
 * Signing a hotelier in. Locally, with a token from `npm run --silent token -- <id>`; in
 * AWS, through the Cognito hosted UI (authorization code with PKCE) when /config.json names it.
 */
import { cognito } from '../api';
import { field, h, message, show } from '../dom';
import { keepToken } from '../hotelier-session';

const PKCE_KEY = 'hotelier-pkce';

/** URL-safe base64 without padding, as PKCE writes its verifier and challenge. */
function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * Starts the hosted UI's authorization code grant with PKCE: a one-time verifier
 * stays in this tab, only its SHA-256 travels, so a code caught on the way back is
 * useless to anyone else (the implicit grant put the token itself in the URL).
 */
async function startHostedSignIn(hosted: { domain: string; clientId: string }): Promise<void> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64Url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: hosted.clientId,
    redirect_uri: `${location.origin}/manage`,
    scope: 'openid email',
    state,
    code_challenge_method: 'S256',
    code_challenge: challenge,
  });
  location.assign(`https://${hosted.domain}/oauth2/authorize?${query}`);
}

/** Exchanges the code the hosted UI sent back (with this tab's verifier) for an ID token. */
async function finishHostedSignIn(
  hosted: { domain: string; clientId: string },
  code: string,
  state: string,
  then: () => void,
) {
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? '{}') as { verifier?: string; state?: string };
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', '/manage');
  if (!saved.verifier || saved.state !== state) return signIn(then);
  const response = await fetch(`https://${hosted.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: hosted.clientId,
      code,
      redirect_uri: `${location.origin}/manage`,
      code_verifier: saved.verifier,
    }),
  });
  const tokens = response.ok ? ((await response.json()) as { id_token?: string }) : {};
  if (tokens.id_token) keepToken(tokens.id_token);
  then();
}

/**
 * The sign-in page; `then` runs once signed in (the page that asked, drawn again).
 * `note` says why it is asked again, such as a token the API did not accept.
 */
export function signIn(then: () => void, note?: string): void {
  document.title = 'Sign in · For hoteliers · Hotels';
  const hosted = cognito();
  const back = new URLSearchParams(location.search);
  const code = back.get('code');
  if (hosted && code) {
    void finishHostedSignIn(hosted, code, back.get('state') ?? '', then);
    return;
  }
  const input = h('textarea', { rows: '4', required: true, spellcheck: 'false', autocomplete: 'off' });
  const form = h(
    'form',
    { class: 'card' },
    h('h2', {}, 'Sign in with a token'),
    field('Hotelier token', input, 'Locally: npm run --silent token -- demo-hotelier'),
    h('button', { type: 'submit' }, 'Sign in'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    keepToken(input.value.trim());
    then();
  });
  show(
    h('h1', {}, 'For hoteliers'),
    note ? message(note, 'error') : null,
    hosted ? h('p', {}, signInButton(hosted)) : form,
  );
}

function signInButton(hosted: { domain: string; clientId: string }): HTMLElement {
  const button = h('button', { type: 'button' }, 'Sign in with your hotelier account');
  button.addEventListener('click', () => void startHostedSignIn(hosted));
  return button;
}
