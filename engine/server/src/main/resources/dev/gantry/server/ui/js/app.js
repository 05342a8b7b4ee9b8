// The router: each hash route opens one view in <main>; a view may hold live streams, which
// its dispose() closes when another route opens. A route within the same run page (a step
// chosen) goes to that page's update() instead, so its live DAG stays as it is.
import { runsView } from './runs.js';
import { runView } from './run.js';
import { pipelinesView, pipelineView } from './pipeline.js';
import { startView } from './start.js';
import { el, fill } from './dom.js';

const routes = [
  { pattern: /^#\/runs\/([^/]+)(?:\/steps\/(.+))?$/, key: m => `run:${m[1]}`,
    open: (m, main) => runView(main, decodeURIComponent(m[1]), m[2] && decodeURIComponent(m[2])),
    update: (m, view) => view.select(m[2] ? decodeURIComponent(m[2]) : null), nav: 'runs' },
  { pattern: /^#\/pipelines\/(.+)$/, key: m => `pipeline:${m[1]}`, open: (m, main) => pipelineView(main, decodeURIComponent(m[1])), nav: 'pipelines' },
  { pattern: /^#\/pipelines$/, key: () => 'pipelines', open: (m, main) => pipelinesView(main), nav: 'pipelines' },
  { pattern: /^#\/start(?:\/(.+))?$/, key: m => `start:${m[1] || ''}`, open: (m, main) => startView(main, m[1] && decodeURIComponent(m[1])), nav: '' },
  { pattern: /^#\/runs(?:\?(.*))?$/, key: m => `runs:${m[1] || ''}`, open: (m, main) => runsView(main, new URLSearchParams(m[1] || '')), nav: 'runs' },
];

let current = { key: null, view: null };

function route() {
  const hash = location.hash || '#/runs';
  const main = document.getElementById('view');
  for (const r of routes) {
    const m = hash.match(r.pattern);
    if (!m) continue;
    const key = r.key(m);
    document.querySelectorAll('[data-nav]').forEach(a => a.classList.toggle('active', a.dataset.nav === r.nav));
    if (key === current.key && r.update && current.view) {
      r.update(m, current.view);
      return;
    }
    if (current.view && current.view.dispose) current.view.dispose();
    current = { key, view: r.open(m, fill(main)) };
    return;
  }
  if (current.view && current.view.dispose) current.view.dispose();
  current = { key: null, view: null };
  fill(main, el('h1', {}, 'No such page'), el('p', {}, el('a', { href: '#/runs' }, 'Back to the runs')));
}

window.addEventListener('hashchange', route);
route();
