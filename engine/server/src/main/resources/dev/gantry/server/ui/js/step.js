// The panel of one step: its facts, its failure record, its live log, its outputs with
// previews, its metrics, and for a cached step the run it came from and its explain.
import { get, stream, runPath } from './api.js';
import { el, fill, badge, duration, shortId, guarded, number } from './dom.js';
import { outputPreview, PAGE_ROWS } from './preview.js';

export function stepPanel(side, run, step, actions) {
  const facts = el('div', { id: 'step-facts' });
  const failure = el('div', { id: 'step-failure' });
  const log = el('pre', { class: 'log', id: 'step-log' });
  const logState = el('span', { class: 'muted', id: 'log-state' }, '');
  const outputs = el('div', { id: 'step-outputs' });
  const metrics = el('div', { id: 'step-metrics' });
  const cache = el('div', { id: 'step-cache' });
  fill(side,
    el('div', { class: 'toolbar' },
      el('h2', { id: 'step-name' }, step.name),
      el('span', { class: 'spacer' }),
      el('button', { id: 'rerun-from', title: 'Run this step and everything after it again, whatever the cache holds',
        onclick: () => actions.rerunFrom(step.name) }, 'Rerun from here'),
      el('button', { onclick: actions.close, title: 'Close' }, '×')),
    facts, failure, cache,
    el('h3', {}, 'Log ', logState), log,
    el('h3', {}, 'Outputs'), outputs,
    el('h3', {}, 'Metrics'), metrics);

  let lastStatus = null;
  let source = null;

  function follow() {
    if (source) source.close();
    fill(log);
    logState.textContent = 'following…';
    source = stream(`${runPath(run.id, step.name)}/log/follow`, {
      log: chunk => {
        const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
        log.append(chunk.text);
        if (atBottom) log.scrollTop = log.scrollHeight;
      },
      attempt: a => log.append(el('span', { class: 'attempt-mark' }, `\n── attempt ${a.attempt} ──\n`)),
      end: e => {
        source.close();
        logState.textContent = `(${e.status}, ${e.offset} bytes)`;
        if (!log.textContent) log.textContent = '(empty)';
      },
      error: message => { logState.textContent = message; },
    });
  }

  async function details() {
    const d = await get(runPath(run.id, step.name));
    fill(facts, el('dl', { class: 'kv' },
      el('dt', {}, 'status'), el('dd', {}, badge(d.status)),
      el('dt', {}, 'attempts'), el('dd', {}, d.attempts),
      d.durationMs !== undefined && [el('dt', {}, 'duration'), el('dd', {}, duration(d.durationMs))],
      d.trialOf && [el('dt', {}, 'trial of'), el('dd', {}, d.trialOf)],
      d.trialValues && [el('dt', {}, 'values'), el('dd', {}, Object.entries(d.trialValues).map(([k, v]) => `${k}=${v}`).join(', '))],
      d.dependsOn.length > 0 && [el('dt', {}, 'after'), el('dd', {}, d.dependsOn.join(', '))],
      d.cacheKey && [el('dt', {}, 'cache key'), el('dd', { title: d.cacheKey }, d.cacheKey.substring(0, 16) + '…')],
      d.message && d.status !== 'failed' && [el('dt', {}, 'message'), el('dd', {}, d.message)]));
    renderFailure(d);
    renderOutputs(d);
    renderMetrics(d.metrics || {});
    renderCache(d);
  }

  function renderFailure(d) {
    const f = d.failure;
    if (!f) { fill(failure); return; }
    fill(failure, el('h3', {}, 'Failure'), el('div', { class: 'failure', id: 'failure-record' },
      el('div', { id: 'failure-message' }, el('b', {}, f.message)),
      el('div', { class: 'muted' }, [f.kind && `kind ${f.kind}`, f.exitCode !== undefined && `exit code ${f.exitCode}`,
        f.attempt && `attempt ${f.attempt} of ${d.attempts}`].filter(Boolean).join(' · ')),
      f.logTail && f.logTail.length ? el('pre', { class: 'mono', id: 'failure-log-tail' }, f.logTail.join('\n')) : null),
    d.attemptList.length > 1 ? el('ul', { class: 'plain muted' }, d.attemptList.map(a =>
      el('li', {}, `attempt ${a.attempt}: ${a.succeeded ? 'succeeded' : (a.message || 'failed')} (${duration(a.durationMs)})`))) : null);
  }

  function renderOutputs(d) {
    if (!d.outputs.length) {
      fill(outputs, el('p', { class: 'muted' }, d.status === 'succeeded' || d.status === 'cached' ? 'None.' : `None yet (${d.status}).`));
      return;
    }
    fill(outputs, el('ul', { class: 'plain outputs' }, d.outputs.map(o => {
      const box = el('div', { class: 'preview', 'data-output': o.name });
      return el('li', {},
        el('b', {}, o.name), ' ', el('span', { class: 'trigger' }, o.type), ' ',
        el('span', { class: 'muted' }, `${o.sizeBytes} bytes${o.rows !== undefined ? `, ${o.rows} rows` : ''}`), ' ',
        el('span', { class: 'mono muted', title: o.digest }, o.digest.substring(0, 12)), ' ',
        el('button', { class: 'preview-button', 'data-output': o.name,
          onclick: () => guarded(() => outputPreview(box, run.id, step.name, o.name, o.type === 'arrow' ? { limit: PAGE_ROWS } : {})) }, 'Preview'),
        box);
    })));
  }

  function renderMetrics(values) {
    const entries = Object.entries(values);
    fill(metrics, entries.length
      ? el('table', { class: 'grid', id: 'step-metrics-table' }, el('tbody', {}, entries.map(([k, v]) =>
        el('tr', {}, el('td', {}, k), el('td', { class: 'num' }, number(v))))))
      : el('p', { class: 'muted' }, 'None.'));
  }

  function renderCache(d) {
    if (d.status !== 'cached') {
      fill(cache, d.status === 'succeeded' || d.status === 'failed'
        ? el('button', { onclick: () => guarded(() => explain(false)) }, 'Why did it run?') : null);
      return;
    }
    fill(cache, el('h3', {}, 'From the cache'),
      d.cachedFrom ? el('p', {}, 'Outputs made by run ',
        el('a', { href: `#/runs/${encodeURIComponent(d.cachedFrom)}/steps/${encodeURIComponent(step.name)}`, class: 'mono', id: 'cached-from' },
          shortId(d.cachedFrom))) : null);
    guarded(() => explain(true));
  }

  async function explain(cached) {
    const x = await get(`${runPath(run.id, step.name)}/explain`);
    const box = el('div', { id: 'step-explain' },
      el('h3', {}, 'Explain'),
      el('p', {}, el('b', {}, x.verdict), x.message ? ` — ${x.message}` : ''),
      x.comparedWith ? el('p', { class: 'muted' }, 'compared with step ', el('b', {}, x.comparedWith.step), ' of run ',
        el('a', { href: `#/runs/${encodeURIComponent(x.comparedWith.runId)}`, class: 'mono' }, shortId(x.comparedWith.runId))) : null,
      x.changes.length ? [el('div', { class: 'muted' }, 'what changed:'), el('ul', {}, x.changes.map(c => el('li', { class: 'mono' }, c)))] : null,
      x.keyParts.length ? [el('div', { class: 'muted' }, 'what the cache key is made of:'),
        el('ul', { class: 'mono' }, x.keyParts.map(p => el('li', {}, p)))] : null);
    if (cached) cache.append(box); else fill(cache, box);
  }

  function refresh(latest) {
    if (!latest) return;
    step = latest;
    if (latest.status !== lastStatus) {
      lastStatus = latest.status;
      guarded(details);
    }
  }

  follow();
  refresh(step);
  return {
    refresh,
    dispose: () => { if (source) source.close(); },
  };
}
