// The pipelines: the list the server may start, and one pipeline's page: a chosen metric
// across its runs as a chart, two runs' metrics side by side, and a run's sweep trials as a
// sortable table of params and metrics.
import { get, runPath } from './api.js';
import { el, fill, badge, time, shortId, guarded, number } from './dom.js';
import { sortableTable } from './sortable.js';

export function pipelinesView(main) {
  const list = el('tbody');
  fill(main, el('h1', {}, 'Pipelines'),
    el('p', { class: 'muted' }, 'The pipeline files this server was given (--pipelines, --schedule).'),
    el('div', { class: 'panel' }, el('table', { class: 'grid', id: 'pipelines-table' },
      el('thead', {}, el('tr', {}, ['Pipeline', 'File', ''].map(h => el('th', {}, h)))), list)));
  guarded(async () => {
    const pipelines = await get('/api/pipelines');
    fill(list, pipelines.length ? pipelines.map(p => el('tr', { 'data-pipeline': p.name },
      el('td', {}, el('a', { href: `#/pipelines/${encodeURIComponent(p.name)}` }, p.name)),
      el('td', { class: 'mono muted' }, p.file),
      el('td', {}, p.startable
        ? el('a', { class: 'button', href: `#/start/${encodeURIComponent(p.name)}` }, 'Start')
        : el('span', { class: 'muted', title: p.problem }, `cannot start: ${p.problem}`))))
      : el('tr', {}, el('td', { colspan: 3, class: 'muted' }, 'None: start the server with --pipelines DIR.')));
  });
  return {};
}

export function pipelineView(main, name) {
  const chartCanvas = el('canvas', { id: 'metric-chart' });
  const metricSelect = el('select', { id: 'metric-select' });
  const compareA = el('select', { id: 'compare-a' });
  const compareB = el('select', { id: 'compare-b' });
  const compareBox = el('div', { id: 'compare' });
  const trialsRun = el('select', { id: 'trials-run' });
  const trialsBox = el('div', { id: 'trials', class: 'scroll' });
  fill(main,
    el('div', { class: 'toolbar' }, el('h1', {}, name), el('span', { class: 'spacer' }),
      el('a', { class: 'button', href: `#/runs?pipeline=${encodeURIComponent(name)}` }, 'Its runs'),
      el('a', { class: 'button primary', href: `#/start/${encodeURIComponent(name)}` }, 'Start')),
    el('div', { class: 'panel' }, el('div', { class: 'toolbar' }, el('h2', {}, 'A metric across runs'), metricSelect),
      el('div', { class: 'chart-box' }, chartCanvas)),
    el('div', { class: 'panel' }, el('div', { class: 'toolbar' }, el('h2', {}, 'Compare two runs'), compareA, 'with', compareB),
      compareBox),
    el('div', { class: 'panel' }, el('div', { class: 'toolbar' }, el('h2', {}, 'Trials of a sweep'), trialsRun), trialsBox));

  let chart = null;
  let runs = [];

  const label = r => `${shortId(r.runId)} · ${time(r.startedAt)}`;
  const options = (select, chosen) => fill(select, runs.slice().reverse().map(r =>
    el('option', { value: r.runId, selected: r.runId === chosen }, `${label(r)} (${r.status})`)));

  function drawChart() {
    const key = metricSelect.value;
    if (chart) chart.destroy();
    chart = new Chart(chartCanvas, {
      type: 'line',
      data: {
        labels: runs.map(r => shortId(r.runId)),
        datasets: [{ label: key, data: runs.map(r => (key in r.metrics ? r.metrics[key] : null)), spanGaps: true,
          borderColor: '#2f5bd3', backgroundColor: '#2f5bd3', tension: 0.15, pointRadius: 4 }],
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { tooltip: { callbacks: { title: items => label(runs[items[0].dataIndex]) } } },
        onClick: (e, items) => { if (items.length) location.hash = `#/runs/${encodeURIComponent(runs[items[0].index].runId)}`; },
      },
    });
    chartCanvas.dataset.metric = key;
  }

  function drawCompare() {
    const a = runs.find(r => r.runId === compareA.value);
    const b = runs.find(r => r.runId === compareB.value);
    if (!a || !b) { fill(compareBox, el('p', { class: 'muted' }, 'It takes two runs.')); return; }
    const keys = [...new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)])].sort();
    const cell = (r, k) => el('td', { class: 'num' }, k in r.metrics ? number(r.metrics[k]) : '–');
    const params = [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])].sort();
    fill(compareBox, el('table', { class: 'grid', id: 'compare-table' },
      el('thead', {}, el('tr', {}, el('th', {}, ''),
        el('th', {}, el('a', { href: `#/runs/${encodeURIComponent(a.runId)}` }, shortId(a.runId)), ' ', badge(a.status)),
        el('th', {}, el('a', { href: `#/runs/${encodeURIComponent(b.runId)}` }, shortId(b.runId)), ' ', badge(b.status)),
        el('th', {}, 'change'))),
      el('tbody', {},
        params.map(k => el('tr', { class: 'param' }, el('td', { class: 'muted' }, `param ${k}`),
          el('td', { class: 'num' }, a.params[k] ?? '–'), el('td', { class: 'num' }, b.params[k] ?? '–'), el('td'))),
        keys.map(k => {
          const d = k in a.metrics && k in b.metrics ? b.metrics[k] - a.metrics[k] : null;
          return el('tr', { 'data-metric': k }, el('td', {}, k), cell(a, k), cell(b, k),
            el('td', { class: `num ${d > 0 ? 'delta-up' : d < 0 ? 'delta-down' : ''}` }, d === null ? '' : (d > 0 ? '+' : '') + number(d)));
        }),
        keys.length ? null : el('tr', {}, el('td', { colspan: 4, class: 'muted' }, 'Neither run has metrics.')))));
  }

  async function drawTrials() {
    const runId = trialsRun.value;
    if (!runId) return;
    const trials = await get(`${runPath(runId)}/trials`);
    if (!trials.length) { fill(trialsBox, el('p', { class: 'muted' }, 'This run has no matrix trials.')); return; }
    const valueKeys = [...new Set(trials.flatMap(t => Object.keys(t.values)))];
    const metricKeys = [...new Set(trials.flatMap(t => Object.keys(t.metrics)))].sort();
    const columns = [
      { title: 'trial', value: t => t.step, link: t => `#/runs/${encodeURIComponent(runId)}/steps/${encodeURIComponent(t.step)}` },
      { title: 'of', value: t => t.trialOf },
      ...valueKeys.map(k => ({ title: k, value: t => numeric(t.values[k]), cls: 'param' })),
      ...metricKeys.map(k => ({ title: k, value: t => t.metrics[k], cls: 'metric' })),
    ];
    fill(trialsBox, sortableTable(columns, trials, 'trials-table'));
  }

  guarded(async () => {
    runs = await get(`/api/pipelines/${encodeURIComponent(name)}/metrics`, { limit: 200 });
    if (!runs.length) {
      fill(main.querySelector('.chart-box'), el('p', { class: 'muted' }, 'This pipeline has no runs in the store.'));
      return;
    }
    const keys = [...new Set(runs.flatMap(r => Object.keys(r.metrics)))].sort();
    fill(metricSelect, keys.map(k => el('option', { value: k }, k)));
    metricSelect.onchange = drawChart;
    if (keys.length) drawChart();
    else fill(main.querySelector('.chart-box'), el('p', { class: 'muted' }, 'No run of this pipeline wrote metrics.'));
    options(compareA, runs.length > 1 ? runs[runs.length - 2].runId : runs[0].runId);
    options(compareB, runs[runs.length - 1].runId);
    compareA.onchange = drawCompare;
    compareB.onchange = drawCompare;
    drawCompare();
    options(trialsRun, runs[runs.length - 1].runId);
    trialsRun.onchange = () => guarded(drawTrials);
    await drawTrials();
  });
  return { dispose: () => { if (chart) chart.destroy(); } };
}

function numeric(text) {
  const n = Number(text);
  return text !== '' && !Number.isNaN(n) ? n : text;
}
