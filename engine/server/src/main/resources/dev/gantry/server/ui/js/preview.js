// Previews of a step's output, by its type: an Arrow table's rows (paged), a metrics object,
// a file's first KiB (text, or hex), a directory's listing (entries open in place).
import { get, runPath } from './api.js';
import { el, fill, number, guarded } from './dom.js';

/** How many rows of a table one page shows. */
export const PAGE_ROWS = 20;

export async function outputPreview(box, runId, step, output, query = {}) {
  const p = await get(`${runPath(runId, step)}/outputs/${encodeURIComponent(output)}`, query);
  const again = q => guarded(() => outputPreview(box, runId, step, output, q));
  if (p.table) return fill(box, table(p, again));
  if (p.metrics) return fill(box, metrics(p.metrics));
  if (p.file) return fill(box, file(p.file));
  if (p.dir) return fill(box, dir(p.dir, again));
  return fill(box, el('p', { class: 'muted' }, 'Nothing to preview.'));
}

function table(p, again) {
  const t = p.table;
  const offset = t.offset || 0;
  const total = p.rows;
  return el('div', {},
    el('div', { class: 'scroll' }, el('table', { class: 'grid arrow-table' },
      el('thead', {}, el('tr', {}, el('th', {}, '#'), t.fields.map(f => el('th', { title: `${f.type}${f.nullable ? ', nullable' : ''}` }, f.name)))),
      el('tbody', {}, t.rows.map((row, i) => el('tr', {},
        el('td', { class: 'num muted' }, offset + i),
        row.map(v => el('td', { class: typeof v === 'number' ? 'num' : '' }, v === null ? '∅' : number(v)))))))),
    el('div', { class: 'toolbar' },
      el('span', { class: 'muted' }, t.rows.length ? `rows ${offset}–${offset + t.rows.length - 1}${total !== undefined ? ` of ${total}` : ''}` : 'no rows here'),
      el('span', { class: 'spacer' }),
      el('button', { disabled: offset === 0, onclick: () => again({ offset: Math.max(0, offset - PAGE_ROWS), limit: PAGE_ROWS }) }, '← Previous'),
      el('button', { class: 'next-rows', disabled: total !== undefined ? offset + t.rows.length >= total : t.rows.length < PAGE_ROWS,
        onclick: () => again({ offset: offset + t.rows.length, limit: PAGE_ROWS }) }, 'Next →')));
}

function metrics(values) {
  return el('table', { class: 'grid' }, el('tbody', {}, Object.entries(values).map(([k, v]) =>
    el('tr', {}, el('td', {}, k), el('td', { class: 'num' }, typeof v === 'object' ? JSON.stringify(v) : number(v))))));
}

function file(f) {
  const more = f.sizeBytes > 1024 ? `\n… (${f.sizeBytes} bytes in all)` : '';
  return f.text
    ? el('pre', { class: 'file-head' }, f.head + more)
    : el('pre', { class: 'file-head', title: 'not text: the first bytes in hex' }, (f.headHex.match(/.{1,32}/g) || []).join('\n') + more);
}

function dir(d, again) {
  const up = d.path && d.path !== '' ? d.path.split('/').slice(0, -1).join('/') : null;
  return el('div', {},
    el('div', { class: 'muted mono' }, `/${d.path || ''}`),
    up !== null ? el('button', { onclick: () => again({ path: up }) }, '↑ Up') : null,
    d.file ? file(d.file) : el('ul', { class: 'plain mono' }, d.entries.map(e => el('li', {},
      el('a', { href: '#', onclick: ev => { ev.preventDefault(); again({ path: d.path ? `${d.path}/${e.name}` : e.name }); } },
        e.type === 'dir' ? `${e.name}/` : e.name),
      e.sizeBytes !== undefined ? el('span', { class: 'muted' }, `  ${e.sizeBytes} bytes`) : null))),
    d.truncated ? el('p', { class: 'muted' }, 'Only the first 1000 entries are shown.') : null);
}
