// Clients: the keep flag, hassle and revenue logs, and the difficulty they add up to.
import { t, word } from './i18n.js';
import { h, show, field, form, euros, heading, card, lastId, empty, toast } from './ui.js';
import { api, all, session } from './api.js';

export async function clientsPage() {
  const firm = session.current.firm;
  const clients = await all(`/v1/${firm}/clients`, 'clients');
  const reload = async () => { toast(t('common.done')); await clientsPage(); };
  const rows = clients.map(c => {
    const d = c.difficulty ?? {};
    const keep = h('input', { type: 'checkbox', checked: !!c.keep, 'data-action': 'keep' });
    keep.addEventListener('change', async () => {
      await api.patch('/v1/' + c.name, { keep: keep.checked }, { updateMask: 'keep' });
      await reload();
    });
    return h('li', { class: 'item', 'data-client': lastId(c.name) },
      h('div', { class: 'item-main' }, h('strong', {}, c.displayName), c.businessId ? h('span', { class: 'muted' }, ' · ' + c.businessId) : null,
        h('label', { class: 'check keep' }, keep, ' ', t('clients.keep'))),
      h('p', { class: 'difficulty ' + (d.level ?? '').toLowerCase() }, t('clients.difficulty', {
        level: word(d.level ?? 'DIFFICULTY_LEVEL_UNSPECIFIED'), hours: Number(d.hassleHoursPerThousandEur ?? 0).toFixed(1),
        minutes: d.hassleMinutes ?? 0, revenue: euros(d.revenueCents),
      })),
      history(c),
      h('details', {}, h('summary', {}, t('clients.hassle') + ' / ' + t('clients.revenue')),
        h('div', { class: 'row' },
          form([
            field(t('clients.kind'), 'kind', { kind: 'select', options: ['CALL', 'EMAIL', 'MEETING', 'ATTITUDE_INCIDENT', 'SCOPE_CHANGE']
              .map(x => ({ value: 'HASSLE_KIND_' + x, label: word('HASSLE_KIND_' + x) })) }),
            field(t('clients.minutes'), 'minutes', { kind: 'number', min: 1, max: 1440, value: '30', required: true }),
            field(t('common.note'), 'note'),
          ], t('clients.hassle'), async v => {
            await api.post(`/v1/${c.name}/hassleEntries`, { kind: v.kind, minutes: Number(v.minutes), note: v.note, requestId: crypto.randomUUID() });
            await reload();
          }),
          form([
            field(t('clients.amount'), 'amount', { kind: 'number', min: 1, step: 1, required: true }),
            field(t('common.note'), 'note'),
          ], t('clients.revenue'), async v => {
            await api.post(`/v1/${c.name}/revenueEntries`, { amountCents: Math.round(Number(v.amount) * 100), note: v.note, requestId: crypto.randomUUID() });
            await reload();
          }))));
  });
  const add = form([
    h('div', { class: 'row' },
      field(t('clients.id'), 'id', { required: true, placeholder: 'acme' }),
      field(t('clients.name'), 'name', { required: true }),
      field(t('clients.businessId'), 'businessId', { placeholder: '1234567-8' })),
    field(t('clients.keep'), 'keep', { kind: 'checkbox' }),
  ], t('clients.add'), async v => {
    await api.post(`/v1/${firm}/clients?clientId=${encodeURIComponent(v.id.trim())}`, { displayName: v.name, businessId: v.businessId, keep: v.keep });
    await reload();
  }, { testid: 'add-client' });
  show(heading(t('clients.title')),
    card(rows.length ? h('ul', { class: 'list', 'data-testid': 'clients' }, rows) : empty()),
    card(h('h2', {}, t('clients.add')), add));
}

// The client's difficulty over time: month by month, the hassle and revenue logged, and the
// difficulty (hassle hours per 1,000 €) they add up to by the end of that month. Read when opened.
function history(c) {
  const body = h('div', { class: 'history' }, h('p', { class: 'muted' }, t('common.loading')));
  const details = h('details', { 'data-history': lastId(c.name) }, h('summary', {}, t('clients.history')), body);
  details.addEventListener('toggle', async () => {
    if (!details.open || details.dataset.loaded) return;
    details.dataset.loaded = '1';
    const [hassle, revenue] = await Promise.all([
      all(`/v1/${c.name}/hassleEntries`, 'entries'), all(`/v1/${c.name}/revenueEntries`, 'entries'),
    ]);
    const months = new Map();
    const month = iso => (iso ?? '').slice(0, 7);
    for (const e of hassle) { const m = months.get(month(e.occurTime)) ?? { minutes: 0, cents: 0 }; m.minutes += e.minutes ?? 0; months.set(month(e.occurTime), m); }
    for (const e of revenue) { const m = months.get(month(e.occurTime)) ?? { minutes: 0, cents: 0 }; m.cents += Number(e.amountCents ?? 0); months.set(month(e.occurTime), m); }
    if (months.size === 0) { body.replaceChildren(empty()); return; }
    let minutes = 0, cents = 0;
    const rows = [...months.keys()].sort().map(key => {
      const m = months.get(key);
      minutes += m.minutes; cents += m.cents;
      const perThousand = cents > 0 ? (minutes / 60) / (cents / 100000) : null;
      const bar = h('span', { class: 'bar' }, h('span', { class: 'fill', 'data-w': perThousand === null ? 100 : Math.min(100, Math.round(perThousand * 10)) }));
      return h('tr', {}, h('td', {}, key), h('td', {}, `${m.minutes} min`), h('td', {}, euros(m.cents)),
        h('td', {}, perThousand === null ? '—' : `${perThousand.toFixed(1)} h`), h('td', { class: 'spark' }, bar));
    });
    body.replaceChildren(h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, [t('clients.month'), t('clients.hassleCol'), t('clients.revenueCol'), t('clients.difficultyCol'), ''].map(x => h('th', {}, x)))),
      h('tbody', {}, rows)));
    body.querySelectorAll('.fill').forEach(el => { el.style.width = el.dataset.w + '%'; });
  });
  return details;
}
