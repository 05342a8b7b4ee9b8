// Small helpers to build the pages' DOM and to show times, durations and errors.

/** Creates an element: el('td', {class: 'num'}, 'text', child, ...). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (v === undefined || v === null || v === false) return;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.substring(2), v);
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : v);
  });
  append(node, children);
  return node;
}

function append(node, children) {
  children.flat().forEach(c => {
    if (c === undefined || c === null || c === false) return;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  });
}

/** Replaces what {@code node} holds with {@code children}. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A status badge. */
export function badge(status) {
  return el('span', { class: `badge ${status}`, 'data-status': status }, status);
}

/** "1.2 s", "3 min 4 s", "2 h 5 min". */
export function duration(ms) {
  if (ms === undefined || ms === null) return '';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A time as this browser's local date and time. */
export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A run id short enough for tables: ids of the engine's form (date-time-random) stay whole. */
export function shortId(id) {
  return id && id.length > 24 ? `${id.substring(0, 23)}…` : id;
}

/** Shows {@code message} at the top of the page; an error unless {@code kind} is 'info'. */
export function notify(message, kind = 'error') {
  const box = document.getElementById('notice');
  box.className = `notice ${kind}`;
  box.textContent = message;
  box.hidden = false;
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => { box.hidden = true; }, kind === 'info' ? 4000 : 12000);
}

/** Calls {@code action}; shows the message of what it throws. */
export async function guarded(action) {
  try {
    return await action();
  } catch (e) {
    notify(e.message || String(e));
    return undefined;
  }
}

/** A metric value, short: 0.8125, 12, 1.2e-5. */
export function number(v) {
  if (typeof v !== 'number') return v === undefined ? '' : String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? String(Number(v.toPrecision(6))) : v.toExponential(3);
}
