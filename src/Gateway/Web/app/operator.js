// Operator: networks, their firms (register, suspend, new API key, invite the firm's people), other
// operators, and the hub's statistics.
import { t } from './i18n.js';
import { h, show, field, form, heading, card, lastId, empty, toast } from './ui.js';
import { api, all } from './api.js';
import { invitationLink } from './people.js';

export async function operatorPage(arg, notice = null) {
  const [networks, stats] = await Promise.all([all('/v1/networks', 'networks'), api.get('/v1/hub/stats').catch(() => null)]);
  const selected = arg ? networks.find(n => lastId(n.name) === arg) : null;
  const out = h('div', {}, notice);
  const reload = async () => { toast(t('common.done')); await operatorPage(arg); };
  const grains = stats ? Object.values(stats.activeGrains ?? {}).reduce((a, b) => a + Number(b), 0) : 0;

  const networkList = networks.length ? h('ul', { class: 'list', 'data-testid': 'networks' }, networks.map(n =>
    h('li', { class: 'item' + (selected?.name === n.name ? ' selected' : '') },
      h('a', { class: 'item-main', href: '#/operator/' + lastId(n.name) }, h('strong', {}, n.displayName || lastId(n.name)),
        h('span', { class: 'muted' }, ' · ' + [lastId(n.name), n.region, t('op.firmCount', { n: n.firmCount ?? 0 })].filter(Boolean).join(' · ')))))) : empty();

  const createNetwork = form([
    h('div', { class: 'row' },
      field(t('op.networkId'), 'id', { required: true, placeholder: 'turku' }),
      field(t('op.displayName'), 'displayName', { required: true, placeholder: 'Turku' }),
      field(t('op.region'), 'region', { placeholder: 'Varsinais-Suomi' })),
  ], t('op.createNetwork'), async v => {
    await api.post(`/v1/networks?networkId=${encodeURIComponent(v.id.trim())}`, { displayName: v.displayName, region: v.region });
    location.hash = '#/operator/' + v.id.trim();
  }, { testid: 'create-network' });

  const inviteOperator = form([
    h('div', { class: 'row' }, field(t('people.name'), 'displayName', { required: true }), field(t('auth.email'), 'email', { kind: 'email', required: true })),
  ], t('op.inviteOperator'), async v => { out.replaceChildren(invitationLink(await api.post('/v1/invitations', v))); });

  const sections = [
    heading(t('op.title')),
    stats ? card(h('h2', {}, t('op.stats')), h('p', { 'data-testid': 'hub-stats' }, t('op.statsText', {
      rss: Math.round(Number(stats.rssBytes) / 1048576), uptime: Math.round(Number(stats.uptimeSeconds) / 60) + ' min', grains,
    }))) : null,
    card(h('h2', {}, t('op.networks')), networkList, createNetwork),
  ];

  if (selected) {
    const firms = await all(`/v1/${selected.name}/firms`, 'firms');
    const firmRows = firms.map(f => {
      const invite = form([
        h('div', { class: 'row' },
          field(t('people.name'), 'displayName', { required: true }),
          field(t('auth.email'), 'email', { kind: 'email', required: true }),
          field(t('people.admin'), 'admin', { kind: 'checkbox', value: true })),
      ], t('op.invite'), async v => {
        out.replaceChildren(invitationLink(await api.post('/v1/invitations', { ...v, parent: f.name })));
        out.scrollIntoView();
      }, { testid: 'invite-' + lastId(f.name) });
      return h('li', { class: 'item', 'data-firm': lastId(f.name) },
        h('div', { class: 'item-main' }, h('strong', {}, f.displayName), h('span', { class: 'muted' }, ` · ${lastId(f.name)} · ${f.city ?? ''}`),
          f.suspended ? h('span', { class: 'badge declined' }, t('op.suspended')) : null),
        h('div', { class: 'actions' },
          h('button', { onclick: async () => { await api.post(`/v1/${f.name}:setSuspended`, { suspended: !f.suspended }); await reload(); } },
            f.suspended ? t('op.reinstate') : t('op.suspend')),
          h('button', { onclick: async () => { const r = await api.post(`/v1/${f.name}:rotateKey`, {}); out.replaceChildren(apiKey(r.apiKey)); } }, t('op.rotate')),
          h('button', { onclick: async () => { const r = await api.post(`/v1/${f.name}:rotateKey`, { previousKeyGrace: '0s' }); out.replaceChildren(apiKey(r.apiKey)); } }, t('op.revoke'))),
        h('details', {}, h('summary', {}, t('op.invite')), invite));
    });
    const register = form([
      h('div', { class: 'row' },
        field(t('op.firmId'), 'id', { required: true, placeholder: 'viidakkorumpu' }),
        field(t('op.displayName'), 'displayName', { required: true, placeholder: 'Viidakkorumpu Oy' }),
        field(t('op.city'), 'city', { placeholder: 'Turku' })),
    ], t('op.registerFirm'), async v => {
      const r = await api.post(`/v1/${selected.name}/firms?firmId=${encodeURIComponent(v.id.trim())}`, { displayName: v.displayName, city: v.city });
      await operatorPage(arg, apiKey(r.apiKey));
    }, { testid: 'register-firm' });
    const limits = selected.limits ?? {};
    const limitsForm = form([
      h('div', { class: 'row' },
        field(t('op.firmLimit'), 'firm', { kind: 'number', min: 0, max: 1000000, value: String(limits.firmCostPerSecond ?? 0) }),
        field(t('op.networkLimit'), 'network', { kind: 'number', min: 0, max: 1000000, value: String(limits.networkCostPerSecond ?? 0) })),
      h('div', { class: 'row' },
        field(t('op.referralsPerDay'), 'referrals', { kind: 'number', min: 0, max: 1000000, value: String(limits.referralsPerFirmPerDay ?? 0) }),
        field(t('op.proposalsPerDay'), 'proposals', { kind: 'number', min: 0, max: 1000000, value: String(limits.proposalsPerFirmPerDay ?? 0) })),
    ], t('op.saveLimits'), async v => {
      // The limits are replaced whole: every field is sent.
      await api.patch('/v1/' + selected.name, { limits: {
        firmCostPerSecond: Number(v.firm), networkCostPerSecond: Number(v.network),
        referralsPerFirmPerDay: Number(v.referrals), proposalsPerFirmPerDay: Number(v.proposals),
      } }, { updateMask: 'limits' });
      await reload();
    }, { testid: 'limits' });
    sections.push(card(h('h2', {}, t('op.limits')), h('p', { class: 'muted' }, t('op.limitsHelp')), limitsForm));
    sections.push(card(h('h2', {}, t('op.firms', { network: selected.displayName || lastId(selected.name) })),
      firmRows.length ? h('ul', { class: 'list', 'data-testid': 'firms' }, firmRows) : empty(),
      h('h3', {}, t('op.registerFirm')), register));
  }
  sections.push(card(h('h2', {}, t('op.inviteOperator')), inviteOperator));
  show(...sections.slice(0, 1), out, ...sections.slice(1));
}

function apiKey(key) {
  return h('div', { class: 'notice' }, h('p', {}, t('op.apiKey')), h('input', { type: 'text', readonly: true, value: key, class: 'link-box', 'data-testid': 'api-key' }));
}
