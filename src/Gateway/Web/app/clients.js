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
