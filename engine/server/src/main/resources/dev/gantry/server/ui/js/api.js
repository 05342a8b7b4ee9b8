// The HTTP API of gantry server, as the pages use it: JSON reads, actions with the CSRF
// header, and Server-Sent Event streams.

/** An error the API answered with: {error, status}. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

function cookie(name) {
  const hit = document.cookie.split(';').map(c => c.trim()).find(c => c.startsWith(name + '='));
  return hit ? decodeURIComponent(hit.substring(name.length + 1)) : null;
}

async function answer(response) {
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    throw new ApiError(`the server answered ${response.status} with something that is not JSON`, response.status);
  }
  if (!response.ok) {
    throw new ApiError(body && body.error ? body.error : `the server answered ${response.status}`, response.status);
  }
  return body;
}

/** GETs {@code path} with {@code query} (empty values left out) and returns its JSON. */
export async function get(path, query = {}) {
  const params = new URLSearchParams();
  Object.entries(query).forEach(([k, v]) => {
    if (v !== undefined && v !== null && v !== '') params.set(k, v);
  });
  const qs = params.toString();
  return answer(await fetch(qs ? `${path}?${qs}` : path, { credentials: 'same-origin' }));
}

/** POSTs {@code body} as JSON, with the CSRF token every action needs, and returns the answer's JSON. */
export async function post(path, body = {}) {
  let token = cookie('gantry_csrf');
  if (!token) {
    await fetch('/health', { credentials: 'same-origin' }); // any GET hands the cookie out
    token = cookie('gantry_csrf');
  }
  return answer(await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-Gantry-CSRF': token || '' },
    body: JSON.stringify(body),
  }));
}

/**
 * Opens an SSE stream and calls {@code handlers[event](data)} for each named event; an
 * {@code error} event from the server (with a message) goes to {@code handlers.error}.
 * Returns the EventSource, to close.
 */
export function stream(path, handlers) {
  const source = new EventSource(path);
  Object.entries(handlers).forEach(([event, handler]) => {
    if (event === 'error') return;
    source.addEventListener(event, e => handler(JSON.parse(e.data)));
  });
  source.addEventListener('error', e => {
    if (e.data && handlers.error) {
      source.close();
      handlers.error(e.data);
    }
  });
  return source;
}

/** The path of a run, or of one of its steps, for the API. */
export function runPath(runId, step) {
  const base = `/api/runs/${encodeURIComponent(runId)}`;
  return step === undefined ? base : `${base}/steps/${encodeURIComponent(step)}`;
}

/**
 * Keeps a view from going back in time when answers overtake each other, as a page's first GET
 * and its live stream's events can: each answer takes a ticket when it is asked for, and
 * {@code show(ticket, action)} runs the action only when no later-asked answer has been shown.
 * Returns {ticket, show}.
 */
export function newestAnswers() {
  let issued = 0;
  let shown = 0;
  return {
    ticket: () => ++issued,
    show: (ticket, action) => {
      if (ticket < shown) return;
      shown = ticket;
      action();
    },
  };
}
