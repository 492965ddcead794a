// The page's way to the hub: the same HTTP/JSON API as member systems, signed in with the session
// cookie (sent by the browser, unreadable to scripts) and the session's CSRF token in a header.
import { t } from './i18n.js';

export const session = { current: null };

export class ApiError extends Error {
  constructor(status, body) {
    // Bad input: name each field and what is wrong with it, as the API's BadRequest details say.
    const violations = (body?.details ?? []).flatMap(d => d.fieldViolations ?? []);
    super(violations.length ? violations.map(v => `${v.field}: ${v.description}`).join('; ')
      : body?.message || t('err.generic', { message: status }));
    this.status = status;
    this.body = body;
    this.reason = (body?.details ?? []).find(d => d.reason)?.reason ?? '';
  }
}

async function send(method, path, body, headers = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(session.current ? { 'X-CSRF-Token': session.current.csrfToken } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, { message: t('err.offline') });
  }
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const error = new ApiError(response.status, json);
    if (response.status === 401 && session.current && !path.startsWith('/auth/')) {
      // The session ended (signed out elsewhere, expired): back to the sign-in page.
      session.current = null;
      location.hash = '#/sign-in';
    }
    throw error;
  }
  return json;
}

// api.get('/v1/...', {pageSize: 50}) and friends.
export const api = {
  get: (path, query) => send('GET', path + queryString(query)),
  post: (path, body = {}, headers) => send('POST', path, body, headers),
  patch: (path, body, query) => send('PATCH', path + queryString(query), body),
  del: path => send('DELETE', path),
};

function queryString(query) {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, v);
  const s = params.toString();
  return s ? '?' + s : '';
}

export async function loadSession() {
  try {
    session.current = await send('GET', '/auth/session');
  } catch {
    session.current = null;
  }
  return session.current;
}

export async function signIn(email, password) {
  session.current = await send('POST', '/auth/sign-in', { email, password });
  return session.current;
}

export async function acceptInvitation(token, password) {
  session.current = await send('POST', '/auth/invitation', { token, password });
  return session.current;
}

export async function signOut() {
  try {
    await send('POST', '/auth/sign-out', {});
  } finally {
    session.current = null;
  }
}

// Every page of a list call, up to `limit` items.
export async function all(path, field, query = {}, limit = 500) {
  const items = [];
  let pageToken = '';
  do {
    const page = await api.get(path, { ...query, pageSize: 100, pageToken });
    items.push(...(page[field] ?? []));
    pageToken = page.nextPageToken ?? '';
  } while (pageToken && items.length < limit);
  return items;
}

// Watches the signed-in firm's event feed (a streamed HTTP/JSON response: one JSON object after
// another) and calls onEvent for each new event; reconnects after a pause when the stream ends.
export function watchFeed(firm, onEvent) {
  let stopped = false;
  let controller = null;
  async function head() {
    try {
      return Number((await api.get(`/v1/${firm}/events`, { afterPosition: 0, pageSize: 1 })).headPosition ?? 0);
    } catch (e) {
      const oldest = (e.body?.details ?? []).find(d => d.metadata?.oldest_position)?.metadata?.oldest_position;
      if (oldest) return Number((await api.get(`/v1/${firm}/events`, { afterPosition: oldest, pageSize: 1 })).headPosition ?? 0);
      throw e;
    }
  }
  async function run() {
    let after = await head();
    while (!stopped) {
      try {
        controller = new AbortController();
        const response = await fetch(`/v1/${firm}/events:watch?afterPosition=${after}`, {
          headers: { 'X-CSRF-Token': session.current?.csrfToken ?? '' }, signal: controller.signal, credentials: 'same-origin',
        });
        if (!response.ok) throw new Error('watch ' + response.status);
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let message;
          while ((message = nextObject(buffer))) {
            buffer = buffer.slice(message.end);
            const item = JSON.parse(message.text);
            if (item.event) {
              after = Number(item.event.position ?? after);
              onEvent(item.event);
            }
          }
        }
      } catch {
        if (stopped) return;
      }
      await new Promise(r => setTimeout(r, 3000));
    }
  }
  run().catch(() => {});
  return () => { stopped = true; controller?.abort(); };
}

// The first complete top-level JSON object in text (objects may be separated by newlines or commas, or wrapped in an array).
function nextObject(text) {
  let depth = 0, start = -1, inString = false, escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') { if (depth++ === 0) start = i; }
    else if (c === '}') { if (--depth === 0 && start >= 0) return { text: text.slice(start, i + 1), end: i + 1 }; }
  }
  return null;
}
