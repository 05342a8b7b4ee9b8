// A run's timeline (Gantt): one lane per step that started, its bar from startedAt to endedAt
// (or to now while it runs), on the run's own time axis.
import { el, fill, duration } from './dom.js';

export function drawTimeline(container, run, onSelect) {
  const started = run.stepList.filter(s => s.startedAt);
  if (!started.length) {
    fill(container, el('p', { class: 'muted' }, 'No step has started yet.'));
    return;
  }
  const now = Date.now();
  const t0 = Math.min(Date.parse(run.startedAt), ...started.map(s => Date.parse(s.startedAt)));
  const ends = started.map(s => (s.endedAt ? Date.parse(s.endedAt) : now));
  const t1 = Math.max(run.endedAt ? Date.parse(run.endedAt) : now, ...ends);
  const span = Math.max(1, t1 - t0);
  const lanes = started
    .slice()
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt))
    .map(s => {
      const from = Date.parse(s.startedAt) - t0;
      const to = (s.endedAt ? Date.parse(s.endedAt) : now) - t0;
      return el('div', { class: 'lane', 'data-step': s.name },
        el('div', { class: 'label', title: s.name, onclick: () => onSelect(s.name) }, s.name),
        el('div', { class: 'track' }, el('div', {
          class: `bar ${s.status}`,
          style: `left:${(100 * from / span).toFixed(2)}%;width:${(100 * (to - from) / span).toFixed(2)}%`,
          title: `${s.name}: ${s.status}, ${duration(s.durationMs)}`,
        })));
    });
  fill(container, ...lanes, el('div', { class: 'axis' }, el('span', {}, '0'), el('span', {}, duration(span))));
}
