// A table whose columns sort by a click on their heading, numbers as numbers.
import { el, fill, number } from './dom.js';

/** columns: [{title, value(row), link?(row), cls?}]; rows: any objects. */
export function sortableTable(columns, rows, id) {
  const body = el('tbody');
  let by = null;
  let asc = true;
  const heads = columns.map((c, i) => el('th', { class: 'sortable', onclick: () => sort(i) }, c.title));

  /** Orders two values; a missing one goes last whichever way the column sorts. */
  function compare(a, b) {
    const missingA = a === undefined || a === null;
    const missingB = b === undefined || b === null;
    if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1;
    const order = typeof a === 'number' && typeof b === 'number' ? a - b
      : String(a).localeCompare(String(b), undefined, { numeric: true });
    return asc ? order : -order;
  }

  function render() {
    const sorted = by === null ? rows : rows.slice().sort((x, y) => compare(columns[by].value(x), columns[by].value(y)));
    fill(body, sorted.map(r => el('tr', {}, columns.map(c => {
      const v = c.value(r);
      const text = v === undefined ? '–' : number(v);
      return el('td', { class: `${typeof v === 'number' ? 'num ' : ''}${c.cls || ''}` }, c.link ? el('a', { href: c.link(r) }, text) : text);
    }))));
    heads.forEach((h, i) => { h.classList.toggle('sorted-asc', i === by && asc); h.classList.toggle('sorted-desc', i === by && !asc); });
  }

  function sort(i) {
    asc = by === i ? !asc : true;
    by = i;
    render();
  }

  render();
  return el('table', { class: 'grid', id }, el('thead', {}, el('tr', {}, heads)), body);
}
