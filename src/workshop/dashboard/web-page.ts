/**
 * The class dashboard as one web page, for a projector or a browser: the same
 * data as the terminal dashboard, live over server-sent events. The instructor
 * token comes in the URL's fragment (#token=...), which browsers never send to
 * a server or put in logs; `projector=1` hides names and enlarges everything.
 */
const style = `
body{font-family:system-ui,sans-serif;margin:1rem;background:#111;color:#eee}
body.projector{font-size:150%}
h1{margin:.2rem 0}h2{margin:.8rem 0 .3rem;font-size:1.1em;color:#9cf}
table{border-collapse:collapse}td,th{border:1px solid #444;padding:.15rem .4rem;text-align:left}
.stuck{background:#a30;color:#fff}.done{color:#6c6}
.bar{display:inline-block;background:#39f;height:.8em}
#message{color:#fc3}#log{font-family:monospace;white-space:pre;max-height:12em;overflow:auto}
.right{color:#6c6}`;

const script = `
const params = new URLSearchParams(location.hash.slice(1));
const projector = params.get('projector') === '1';
if (projector) document.body.classList.add('projector');
const el = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
function draw({ state, code, dashboard: d }) {
  el('title').textContent = state.name + ' — join code ' + code;
  el('message').textContent = state.message ? 'Message: ' + state.message.text : '';
  const pct = d.progress.total ? Math.round(100 * d.progress.done / d.progress.total) : 0;
  el('progress').textContent = d.learners.length + ' learners, class progress ' + pct + '% (' + d.progress.done + '/' + d.progress.total + ' steps)';
  const lessons = state.lessons;
  el('grid').innerHTML = '<tr><th>learner</th>' + lessons.map((l) => '<th>' + esc(l) + '</th>').join('') + '</tr>' +
    d.learners.map((r, i) => '<tr class="' + (r.stuck ? 'stuck' : '') + '" data-learner="' + i + '"><td>' + esc(projector ? 'learner ' + (i + 1) : r.name) + '</td>' +
      lessons.map((l) => { const x = r.lessons[l]; return '<td class="' + (x && x.step === null ? 'done' : '') + '">' + (!x ? '–' : x.step === null ? 'done' : esc(x.step) + ' (' + x.done + ')') + '</td>'; }).join('') + '</tr>').join('');
  el('steps').innerHTML = d.steps.map((s) => '<div>' + esc(s.lesson + '/' + s.step) + ' <span class="bar" style="width:' + (d.learners.length ? 12 * s.passed / d.learners.length : 0) + 'em"></span> ' + s.passed + '</div>').join('');
  el('predictions').innerHTML = d.predictions.filter((p) => p.answered).map((p) => '<div><b>' + esc(p.lesson + '/' + p.step) + '</b> ' + esc(p.question) + '<ul>' +
    p.choices.map((c, i) => '<li class="' + (i === p.answer ? 'right' : '') + '">' + Math.round(100 * c.count / p.answered) + '% ' + esc(c.text) + '</li>').join('') + '</ul></div>').join('');
  el('log').textContent = projector ? '' : d.log.map((e) => e.at.slice(11, 19) + ' ' + e.learner + ': ' + e.text).join('\\n');
  el('activity').textContent = 'activity (events/min): ' + d.activity.join(' ');
  document.body.dataset.events = String(d.log.length ? d.log[d.log.length - 1].seq : 0);
}
const source = new EventSource('/api/stream?token=' + encodeURIComponent(params.get('token') || ''));
source.onmessage = (m) => draw(JSON.parse(m.data));
source.onerror = () => { el('message').textContent = 'connection lost, retrying…'; };`;

export function webDashboardPage(): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>tslab workshop</title><style>${style}</style></head><body>
<h1 id="title">tslab workshop</h1><div id="message"></div><div id="progress">waiting for the server…</div>
<h2>Learners × lessons</h2><table id="grid"></table>
<h2>Completion per step</h2><div id="steps"></div>
<h2>Predictions</h2><div id="predictions"></div>
<h2>Events</h2><div id="activity"></div><div id="log"></div>
<script>${script}</script></body></html>`;
}
