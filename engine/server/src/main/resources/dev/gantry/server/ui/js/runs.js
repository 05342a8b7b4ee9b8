// The runs table: newest first, filtered by pipeline, status and trigger, paged, and kept
// current by the /api/runs/live stream while it is open.
import { get, stream, newestAnswers } from './api.js';
import { el, fill, badge, duration, time, shortId, guarded } from './dom.js';

const STATUSES = ['running', 'succeeded', 'failed', 'cancelled', 'crashed'];
const TRIGGERS = ['cli', 'schedule', 'ui', 'api'];
const LIVE_PAGE = 50; // what /api/runs/live sends: the first page of 50, with no filter

export function runsView(main, query) {
  const state = {
    pipeline: query.get('pipeline') || '',
    status: query.get('status') || '',
    trigger: query.get('trigger') || '',
    limit: Number(query.get('limit') || 25),
    offset: Number(query.get('offset') || 0),
  };
  const body = el('tbody');
  const pager = el('div', { class: 'toolbar' });
  const live = el('span', { class: 'muted', id: 'live-state' }, 'connecting…');

  const select = (name, values) => el('select', { name, onchange: e => { state[name] = e.target.value; state.offset = 0; go(); } },
    el('option', { value: '' }, `any ${name}`),
    values.map(v => el('option', { value: v, selected: state[name] === v }, v)));
  const pipelineInput = el('input', { name: 'pipeline', placeholder: 'pipeline', value: state.pipeline,
    onchange: e => { state.pipeline = e.target.value.trim(); state.offset = 0; go(); } });

  fill(main,
    el('div', { class: 'toolbar' }, el('h1', {}, 'Runs'), el('span', { class: 'spacer' }), live),
    el('div', { class: 'toolbar' }, pipelineInput, select('status', STATUSES), select('trigger', TRIGGERS),
      el('select', { name: 'limit', onchange: e => { state.limit = Number(e.target.value); state.offset = 0; go(); } },
        [10, 25, 50, 100].map(n => el('option', { value: n, selected: state.limit === n }, `${n} a page`)))),
    el('div', { class: 'panel scroll' }, el('table', { class: 'grid', id: 'runs-table' },
      el('thead', {}, el('tr', {}, ['Status', 'Run', 'Pipeline', 'Trigger', 'Started', 'Duration', 'Steps ran', 'From cache', 'Failed']
        .map(h => el('th', {}, h)))),
      body)),
    pager);

  function go() {
    const q = new URLSearchParams();
    Object.entries(state).forEach(([k, v]) => { if (v && !(k === 'limit' && v === 25)) q.set(k, v); });
    const hash = q.toString() ? `#/runs?${q}` : '#/runs';
    if (location.hash !== hash) location.hash = hash; else load();
  }

  function unfiltered() {
    return !state.pipeline && !state.status && !state.trigger && state.offset === 0 && state.limit <= LIVE_PAGE;
  }

  function render(page) {
    const runs = unfiltered() ? page.runs.slice(0, state.limit) : page.runs;
    fill(body, runs.length ? runs.map(row) : el('tr', {}, el('td', { colspan: 9, class: 'muted' }, 'No runs match.')));
    const last = Math.min(page.total, state.offset + runs.length);
    fill(pager,
      el('span', { class: 'muted' }, page.total ? `${state.offset + 1}–${last} of ${page.total}` : ''),
      el('span', { class: 'spacer' }),
      el('button', { disabled: state.offset === 0, onclick: () => { state.offset = Math.max(0, state.offset - state.limit); go(); } }, '← Newer'),
      el('button', { disabled: last >= page.total, onclick: () => { state.offset += state.limit; go(); } }, 'Older →'));
  }

  function row(run) {
    const s = run.steps || {};
    return el('tr', { 'data-run': run.id, 'data-status': run.status },
      el('td', {}, badge(run.status)),
      el('td', {}, el('a', { href: `#/runs/${encodeURIComponent(run.id)}`, class: 'mono' }, shortId(run.id))),
      el('td', {}, el('a', { href: `#/pipelines/${encodeURIComponent(run.pipeline)}` }, run.pipeline)),
      el('td', {}, el('span', { class: 'trigger' }, run.trigger)),
      el('td', {}, time(run.startedAt)),
      el('td', { class: 'num' }, duration(run.durationMs)),
      el('td', { class: 'num', 'data-field': 'ran' }, `${(s.succeeded || 0) + (s.failed || 0) + (s.running || 0)} / ${s.total || 0}`),
      el('td', { class: 'num', 'data-field': 'cached' }, s.cached || 0),
      el('td', { class: 'num' }, s.failed || 0));
  }

  // Pages from load() and from the stream may arrive out of order: the one asked for last wins.
  const answers = newestAnswers();

  function load() {
    const ticket = answers.ticket();
    return guarded(async () => {
      const page = await get('/api/runs', {
        pipeline: state.pipeline, status: state.status, trigger: state.trigger, limit: state.limit, offset: state.offset,
      });
      answers.show(ticket, () => render(page));
    });
  }

  load();
  const source = stream('/api/runs/live', {
    runs: page => {
      live.textContent = `live · updated ${new Date().toLocaleTimeString()}`;
      // the stream's page is unfiltered: ask for ours
      if (unfiltered()) answers.show(answers.ticket(), () => render(page)); else load();
    },
    error: message => { live.textContent = `live updates stopped: ${message}`; },
  });
  source.onopen = () => { live.textContent = 'live'; };
  return { dispose: () => source.close() };
}
