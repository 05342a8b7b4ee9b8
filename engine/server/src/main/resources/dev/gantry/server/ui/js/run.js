// A run's page: its facts and actions, its DAG and timeline kept live by /api/runs/{id}/live,
// and the panel of the step chosen (#/runs/ID/steps/STEP).
import { get, post, stream, runPath, newestAnswers } from './api.js';
import { el, fill, badge, duration, time, shortId, guarded, notify } from './dom.js';
import { drawDag } from './dag.js';
import { drawTimeline } from './timeline.js';
import { stepPanel } from './step.js';

export function runView(main, runId, initialStep) {
  const header = el('div', { class: 'panel', id: 'run-header' }, el('p', { class: 'muted' }, 'Loading…'));
  const dagBox = el('div', { class: 'dag', id: 'dag' });
  const timelineBox = el('div', { class: 'timeline', id: 'timeline' });
  const side = el('aside', { class: 'step-panel panel', id: 'step-panel', hidden: true });
  fill(main, header, el('div', { class: 'row' },
    el('div', { class: 'grow' },
      el('div', { class: 'panel' }, el('h2', {}, 'Steps'), dagBox),
      el('div', { class: 'panel' }, el('h2', {}, 'Timeline'), timelineBox)),
    side));

  let run = null;
  let dag = null;
  let panel = null;
  let chosen = initialStep || null;

  const choose = name => { location.hash = `#/runs/${encodeURIComponent(run ? run.id : runId)}/steps/${encodeURIComponent(name)}`; };

  function show(latest) {
    run = latest;
    renderHeader();
    if (dag) dag.update(run.stepList); else dag = drawDag(dagBox, run.stepList, choose);
    drawTimeline(timelineBox, run, choose);
    if (chosen && !panel) openPanel(chosen);
    else if (panel) panel.refresh(run.stepList.find(s => s.name === chosen));
  }

  function renderHeader() {
    const s = run.steps;
    const running = run.status === 'running';
    const params = Object.entries(run.params || {});
    fill(header,
      el('div', { class: 'toolbar' },
        el('h1', {}, run.pipeline, ' ', el('span', { class: 'muted mono', title: run.id }, shortId(run.id))),
        badge(run.status),
        el('span', { class: 'spacer' }),
        el('a', { class: 'button', href: `#/pipelines/${encodeURIComponent(run.pipeline)}` }, 'Pipeline'),
        el('button', { class: 'danger', id: 'cancel-run', disabled: !running, onclick: cancel }, 'Cancel'),
        el('button', { id: 'rerun-run', disabled: running, onclick: () => rerun({}) }, 'Rerun')),
      el('div', { class: 'facts' },
        el('span', {}, 'trigger ', el('b', {}, run.trigger)),
        el('span', {}, 'started ', el('b', {}, time(run.startedAt))),
        el('span', {}, 'duration ', el('b', {}, duration(run.durationMs))),
        el('span', {}, 'steps ', el('b', {}, `${s.succeeded} ran, ${s.cached} cached, ${s.failed} failed, ${s.total} in all`)),
        run.parentRun && el('span', {}, 'rerun of ', el('a', { href: `#/runs/${encodeURIComponent(run.parentRun)}`, class: 'mono' }, shortId(run.parentRun))),
        run.pipelineFile && el('span', { class: 'mono' }, run.pipelineFile)),
      params.length ? el('div', { class: 'facts' }, 'params', params.map(([k, v]) => el('code', {}, `${k}=${v}`))) : null);
  }

  async function cancel() {
    await guarded(async () => {
      await post(`${runPath(run.id)}/cancel`);
      notify('Cancelling the run…', 'info');
    });
  }

  async function rerun(body) {
    await guarded(async () => {
      const started = await post(`${runPath(run.id)}/rerun`, body);
      location.hash = `#/runs/${encodeURIComponent(started.runId)}`;
    });
  }

  function openPanel(name) {
    if (panel) panel.dispose();
    panel = null;
    chosen = name;
    if (dag) dag.select(name);
    if (!name) { side.hidden = true; return; }
    const step = run && run.stepList.find(s => s.name === name);
    if (!step) { side.hidden = true; notify(`this run has no step '${name}'`); return; }
    side.hidden = false;
    panel = stepPanel(side, run, step, {
      close: () => { location.hash = `#/runs/${encodeURIComponent(run.id)}`; },
      rerunFrom: from => rerun({ from }),
    });
  }

  // The stream sends the run at once too: whichever answer was asked for last is the one shown.
  const answers = newestAnswers();
  guarded(async () => {
    const ticket = answers.ticket();
    const first = await get(runPath(runId));
    answers.show(ticket, () => show(first));
  });
  const source = stream(`${runPath(runId)}/live`, {
    run: latest => answers.show(answers.ticket(), () => show(latest)),
    error: message => notify(`live updates of this run stopped: ${message}`),
  });

  return {
    select: name => { if (run) openPanel(name); else chosen = name; },
    dispose: () => { source.close(); if (panel) panel.dispose(); },
  };
}
