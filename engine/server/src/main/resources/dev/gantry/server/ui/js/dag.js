// A run's DAG: laid out by dagre (a compound graph, so the trials of one matrix step are a
// cluster), drawn as SVG. Node colours follow the steps' statuses; update() recolours in place
// and lays out again only when the steps or their edges change.

const SVG = 'http://www.w3.org/2000/svg';
const NODE_H = 34;
const CHAR_W = 7.4;

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
  return node;
}

/** What decides the layout: the steps, their edges and their groups. */
function shape(steps) {
  return JSON.stringify(steps.map(s => [s.name, s.dependsOn, s.trialOf || null]));
}

function layout(steps) {
  const g = new dagre.graphlib.Graph({ compound: true });
  g.setGraph({ rankdir: 'LR', nodesep: 16, ranksep: 46, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  const names = new Set(steps.map(s => s.name));
  steps.forEach(s => {
    if (s.trialOf) {
      const group = `group:${s.trialOf}`;
      if (!g.hasNode(group)) g.setNode(group, { label: `${s.trialOf} × trials`, cluster: true, paddingTop: 18 });
    }
  });
  steps.forEach(s => {
    g.setNode(s.name, { label: s.name, width: Math.max(70, s.name.length * CHAR_W + 24), height: NODE_H });
    if (s.trialOf) g.setParent(s.name, `group:${s.trialOf}`);
  });
  steps.forEach(s => s.dependsOn.filter(d => names.has(d)).forEach(d => g.setEdge(d, s.name)));
  dagre.layout(g);
  return g;
}

function trialLabel(step) {
  const values = step.trialValues ? Object.entries(step.trialValues).map(([k, v]) => `${k}=${v}`).join(', ') : '';
  return values ? `${step.name} (${values})` : step.name;
}

/**
 * Draws {@code steps} into {@code container}; {@code onSelect(name)} is called on a click.
 * Returns {update(steps), select(name)}.
 */
export function drawDag(container, steps, onSelect) {
  let drawn = null;
  let nodes = new Map();
  let selected = null;

  function draw(list) {
    const g = layout(list);
    const graph = g.graph();
    const root = svg('svg', { width: Math.ceil(graph.width), height: Math.ceil(graph.height), id: 'dag-svg' });
    const defs = svg('defs');
    const marker = svg('marker', { id: 'arrowhead', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' });
    marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }));
    defs.append(marker);
    root.append(defs);
    g.nodes().filter(n => g.node(n).cluster).forEach(n => {
      const c = g.node(n);
      const group = svg('g', { class: 'cluster', 'data-group': n.substring(6) });
      group.append(svg('rect', { x: c.x - c.width / 2, y: c.y - c.height / 2, width: c.width, height: c.height }));
      const label = svg('text', { x: c.x - c.width / 2 + 8, y: c.y - c.height / 2 + 13 });
      label.textContent = c.label;
      group.append(label);
      root.append(group);
    });
    g.edges().forEach(e => {
      const points = g.edge(e).points;
      const d = points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
      root.append(svg('path', { d, class: 'edge', 'marker-end': 'url(#arrowhead)', 'data-from': e.v, 'data-to': e.w }));
    });
    nodes = new Map();
    list.forEach(step => {
      const n = g.node(step.name);
      const group = svg('g', { class: 'node', 'data-step': step.name, transform: `translate(${n.x - n.width / 2},${n.y - n.height / 2})` });
      const title = svg('title');
      group.append(title);
      group.append(svg('rect', { width: n.width, height: n.height }));
      const text = svg('text', { x: n.width / 2, y: n.height / 2 + 4, 'text-anchor': 'middle' });
      text.textContent = step.name;
      group.append(text);
      group.addEventListener('click', () => onSelect(step.name));
      root.append(group);
      nodes.set(step.name, { group, title });
    });
    container.replaceChildren(root);
    drawn = shape(list);
  }

  function colour(list) {
    list.forEach(step => {
      const node = nodes.get(step.name);
      if (!node) return;
      node.group.setAttribute('class', `node status-${step.status}${step.name === selected ? ' selected' : ''}`);
      node.group.setAttribute('data-status', step.status);
      node.title.textContent = `${trialLabel(step)}: ${step.status}`;
    });
  }

  function update(list) {
    if (shape(list) !== drawn) draw(list);
    colour(list);
    update.last = list;
  }

  update(steps);
  return {
    update,
    select(name) {
      selected = name;
      colour(update.last);
    },
  };
}
