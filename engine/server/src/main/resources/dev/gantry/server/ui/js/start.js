// Start a run: choose a pipeline the server knows, give params (one name=value a line), and
// go to the new run's page.
import { get, post } from './api.js';
import { el, fill, guarded } from './dom.js';

export function startView(main, chosen) {
  const pipeline = el('select', { id: 'start-pipeline' });
  const params = el('textarea', { id: 'start-params', rows: 4, placeholder: 'name=value, one a line (optional)' });
  const problem = el('p', { class: 'muted', id: 'start-problem' });
  const button = el('button', { class: 'primary', id: 'start-submit', onclick: start }, 'Start');
  fill(main, el('h1', {}, 'Start a run'),
    el('div', { class: 'panel' },
      el('div', { class: 'toolbar' }, el('label', {}, 'Pipeline '), pipeline),
      el('label', {}, 'Params'), params, problem,
      el('div', { class: 'toolbar' }, button)));

  let known = [];
  const showProblem = () => {
    const p = known.find(k => k.name === pipeline.value);
    problem.textContent = p ? (p.startable ? p.file : `This file cannot start: ${p.problem}`) : '';
    button.disabled = !p || !p.startable;
    // Its params with their defaults, ready to change; a secret one must be given anew.
    params.value = p ? Object.entries(p.params || {}).map(([name, value]) => `${name}=${value === '(secret)' ? '' : value}`)
      .join('\n') : '';
  };
  pipeline.onchange = showProblem;

  function parseParams() {
    const values = {};
    params.value.split('\n').map(l => l.trim()).filter(Boolean).forEach(line => {
      const eq = line.indexOf('=');
      if (eq <= 0) throw new Error(`params: '${line}' is not name=value`);
      values[line.substring(0, eq).trim()] = line.substring(eq + 1).trim();
    });
    return values;
  }

  async function start() {
    await guarded(async () => {
      button.disabled = true;
      try {
        const started = await post('/api/runs', { pipeline: pipeline.value, params: parseParams() });
        location.hash = `#/runs/${encodeURIComponent(started.runId)}`;
      } finally {
        button.disabled = false;
      }
    });
  }

  guarded(async () => {
    known = await get('/api/pipelines');
    fill(pipeline, known.length ? known.map(p => el('option', { value: p.name, selected: p.name === chosen }, p.name))
      : el('option', { value: '' }, 'none: start the server with --pipelines DIR'));
    showProblem();
  });
  return {};
}
