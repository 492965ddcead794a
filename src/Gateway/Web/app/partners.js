// Partners: handshakes with their terms (propose / accept / decline / end), the reciprocity ledger
// per partner, and the feedback received once unsealed.
import { t } from './i18n.js';
import { h, show, field, form, euros, heading, card, badge, lastId, empty, toast, date } from './ui.js';
import { api, all, session } from './api.js';
import { firmName } from './inbox.js';

export async function partnersPage() {
  const firm = session.current.firm;
  const [partnerships, scoreboard, directory, feedback] = await Promise.all([
    all(`/v1/${firm}/partnerships`, 'partnerships'),
    api.get(`/v1/${firm}/scoreboard`),
    all(`/v1/${session.current.network}/firms`, 'firms'),
    api.get(`/v1/${firm}/feedback`, { pageSize: 20 }).catch(() => ({})),
  ]);
  const ledgers = new Map((scoreboard.partners ?? []).map(p => [p.partner, p]));
  const act = (p, verb) => async () => {
    await api.post(`/v1/${p.name}:${verb}`, { requestId: crypto.randomUUID() });
    toast(t('common.done'));
    await partnersPage();
  };
  const rows = await Promise.all(partnerships.map(async p => {
    const l = ledgers.get(p.partner);
    const theirs = p.proposer && p.proposer !== firm;
    const terms = p.terms ? t('ref.termsText', { fee: p.terms.referralFeePercent ?? 0, cap: p.terms.feeCapMonths ?? 0, ns: p.terms.nonSolicitMonths ?? 0 })
      + ((p.terms.scope ?? []).length ? ' · ' + p.terms.scope.join(', ') : '') : '';
    return h('li', { class: 'item', 'data-partner': lastId(p.partner) },
      h('div', { class: 'item-main' }, h('strong', {}, await firmName(p.partner)), ' ', badge(p.state, 'state')),
      h('p', { class: 'muted' }, terms),
      h('p', {}, t('partners.ledger', {
        sent: p.referralsSent ?? 0, received: p.referralsReceived ?? 0,
        owedToYou: euros(p.feesOwedToYouCents), youOwe: euros(p.feesYouOweCents),
      })),
      l?.returnTheBall ? h('p', { class: 'notice' }, t('partners.ball', { text: l.returnTheBall })) : null,
      h('div', { class: 'actions' },
        p.state === 'PARTNERSHIP_STATE_PROPOSED' && theirs ? [
          h('button', { class: 'primary', onclick: act(p, 'accept') }, t('partners.accept')),
          h('button', { onclick: act(p, 'decline') }, t('partners.decline'))] : null,
        p.state === 'PARTNERSHIP_STATE_ACTIVE' ? h('button', { onclick: act(p, 'end') }, t('partners.end')) : null));
  }));
  const known = new Set(partnerships.filter(p => p.state === 'PARTNERSHIP_STATE_ACTIVE' || p.state === 'PARTNERSHIP_STATE_PROPOSED').map(p => p.partner));
  const candidates = directory.filter(f => f.name !== firm && !known.has(f.name));
  const propose = form([
    field(t('partners.firm'), 'partner', { kind: 'select', required: true, options: candidates.map(f => ({ value: f.name, label: `${f.displayName} (${f.city ?? ''})` })) }),
    h('div', { class: 'row' },
      field(t('partners.fee'), 'fee', { kind: 'number', min: 0, max: 50, step: 0.5, value: '10' }),
      field(t('partners.cap'), 'cap', { kind: 'number', min: 0, max: 60, value: '12' }),
      field(t('partners.ns'), 'ns', { kind: 'number', min: 0, max: 36, value: '12' })),
    field(t('partners.scope'), 'scope'),
    field(t('partners.message'), 'message', { kind: 'textarea' }),
  ], t('partners.propose'), async v => {
    await api.post(`/v1/${firm}/partnerships`, {
      partner: v.partner, message: v.message, requestId: crypto.randomUUID(),
      terms: {
        referralFeePercent: Number(v.fee), feeCapMonths: Number(v.cap), nonSolicitMonths: Number(v.ns),
        scope: v.scope.split(',').map(s => s.trim().toLowerCase()).filter(Boolean),
      },
    });
    toast(t('common.done'));
    await partnersPage();
  }, { testid: 'propose' });
  const received = (feedback.feedback ?? []);
  show(
    heading(t('partners.title')),
    card(rows.length ? h('ul', { class: 'list', 'data-testid': 'partnerships' }, rows) : empty()),
    candidates.length ? card(h('h2', {}, t('partners.propose')), propose) : null,
    card(h('h2', {}, t('partners.feedback')), received.length ? h('ul', { class: 'list' }, await Promise.all(received.map(async f =>
      h('li', { class: 'item' }, h('strong', {}, await firmName(f.rater)), ' ',
        f.sealed ? h('span', { class: 'muted' }, t('partners.sealed'))
          : [`★ ${f.communication}/${f.qualityOfWork}/${f.marketingMind}/${f.workAgain}`, f.comment ? ` — “${f.comment}”` : '',
             h('span', { class: 'muted' }, ' ', date(f.createTime))])))) : empty()));
}

