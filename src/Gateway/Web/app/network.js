// Network: the map of who works with whom (as far as this firm may see: its own partnerships and
// the referrals on them), the directory with skills, traits and capacity, the scoreboard, and
// firms worth meeting.
import { t, word } from './i18n.js';
import { h, show, heading, card, lastId, empty, euros } from './ui.js';
import { api, all, session } from './api.js';

const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

// Partners on an inner ring, other firms of the directory on an outer ring, this firm in the middle.
function map(me, directory, partnerships) {
  const size = 520, c = size / 2;
  const partners = partnerships.filter(p => p.state === 'PARTNERSHIP_STATE_ACTIVE' || p.state === 'PARTNERSHIP_STATE_PROPOSED');
  const partnerNames = new Set(partners.map(p => p.partner));
  const others = directory.filter(f => f.name !== me.name && !partnerNames.has(f.name)).slice(0, 24);
  const byName = new Map(directory.map(f => [f.name, f]));
  const svg = s('svg', { viewBox: `0 0 ${size} ${size}`, class: 'map', role: 'img', 'aria-label': t('network.map'), 'data-testid': 'network-map' });
  const place = (list, radius) => list.map((item, i) => {
    const angle = (i / Math.max(1, list.length)) * 2 * Math.PI - Math.PI / 2;
    return { item, x: c + radius * Math.cos(angle), y: c + radius * Math.sin(angle) };
  });
  const inner = place(partners, 150);
  const outer = place(others, 235);
  for (const { item: p, x, y } of inner) {
    const sent = p.referralsSent ?? 0, received = p.referralsReceived ?? 0;
    const total = sent + received;
    const oneSided = total >= 2 && (sent === 0 || received === 0 || Math.max(sent, received) >= 3 * Math.min(sent, received));
    svg.append(s('line', {
      x1: c, y1: c, x2: x, y2: y, class: 'edge' + (oneSided ? ' one-sided' : '') + (p.state === 'PARTNERSHIP_STATE_PROPOSED' ? ' proposed' : ''),
      'stroke-width': Math.min(12, 1.5 + total),
    }));
    svg.append(s('text', { x: (c + x) / 2, y: (c + y) / 2 - 4, class: 'edge-label' }, `→${sent} ←${received}`));
  }
  const node = (x, y, label, cls, r) => s('g', { class: 'node ' + cls },
    s('circle', { cx: x, cy: y, r }), s('text', { x, y: y + r + 13, class: 'node-label' }, label));
  for (const { item: f, x, y } of outer) svg.append(node(x, y, f.displayName, 'other', 7));
  for (const { item: p, x, y } of inner) svg.append(node(x, y, byName.get(p.partner)?.displayName ?? lastId(p.partner), 'partner', 12));
  svg.append(node(c, c, me.displayName, 'me', 18));
  return svg;
}

export async function networkPage() {
  const firm = session.current.firm;
  const [me, directory, partnerships, scoreboard, meetings] = await Promise.all([
    api.get('/v1/' + firm),
    all(`/v1/${session.current.network}/firms`, 'firms'),
    all(`/v1/${firm}/partnerships`, 'partnerships'),
    api.get(`/v1/${firm}/scoreboard`),
    api.get(`/v1/${firm}:suggestMeetings`, { pageSize: 5 }).catch(() => ({})),
  ]);
  const names = new Map(directory.map(f => [f.name, f.displayName]));
  const standing = scoreboard.standing ?? {};
  show(
    heading(t('network.title')),
    card(h('h2', {}, t('network.map')), h('p', { class: 'muted' }, t('network.mapHelp')), h('div', { class: 'map-wrap' }, map(me, directory, partnerships))),
    card(h('h2', {}, t('network.scoreboard')),
      h('p', {}, [
        standing.reputation !== undefined ? `★ ${Number(standing.reputation).toFixed(1)} (${standing.ratingCount ?? 0})` : '',
        standing.responsiveness?.answerRate !== undefined ? ` · ${Math.round(standing.responsiveness.answerRate * 100)} % answered` : '',
      ].join('')),
      (scoreboard.partners ?? []).length ? h('table', { class: 'table' },
        h('thead', {}, h('tr', {}, ['', '→', '←', '€ →', '€ ←'].map(x => h('th', {}, x)))),
        h('tbody', {}, scoreboard.partners.map(p => h('tr', {},
          h('td', {}, names.get(p.partner) ?? lastId(p.partner)),
          h('td', {}, (p.sent?.referrals ?? 0) + (p.sent?.introductions ?? 0)),
          h('td', {}, (p.received?.referrals ?? 0) + (p.received?.introductions ?? 0)),
          h('td', {}, euros(p.sent?.wonValueCents)),
          h('td', {}, euros(p.received?.wonValueCents)))))) : empty()),
    card(h('h2', {}, t('network.meet')), (meetings.suggestions ?? []).length ? h('ul', { class: 'list' }, meetings.suggestions.map(m =>
      h('li', { class: 'item' }, h('strong', {}, m.displayName), h('p', { class: 'muted' }, m.explanation)))) : empty()),
    card(h('h2', {}, t('network.directory')), h('ul', { class: 'list', 'data-testid': 'directory' }, directory.map(f =>
      h('li', { class: 'item' },
        h('div', { class: 'item-main' }, h('strong', {}, f.displayName), h('span', { class: 'muted' }, ' · ' + (f.city ?? '')),
          h('span', { class: 'badge ' + (f.capacity ?? '').toLowerCase() }, `${t('network.capacity')}: ${word(f.capacity ?? 'CAPACITY_UNSPECIFIED')}`)),
        h('p', {}, (f.capabilities ?? []).map(cap => h('span', { class: 'chip' }, `${cap.skill} ${'●'.repeat(cap.level ?? 0)}`))),
        (f.traits ?? []).length ? h('p', { class: 'muted' }, f.traits.join(' · ')) : null)))));
}
