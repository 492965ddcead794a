// Pass a client on: pick a client (kept ones are not offered), state the need, see the ranked
// partners with the explanation of each score, choose referral or introduction, see the disclosure
// the receiver will see, and send.
import { t, word } from './i18n.js';
import { h, show, field, form, values, heading, card, lastId } from './ui.js';
import { api, all, session } from './api.js';

export async function passPage() {
  const firm = session.current.firm;
  const clients = await all(`/v1/${firm}/clients`, 'clients');
  const offered = clients.filter(c => !c.keep);
  const kept = clients.filter(c => c.keep);
  const results = h('div', { 'data-testid': 'match-results' });
  let need = null;
  let client = null;

  const needForm = form([
    field(t('pass.client'), 'client', {
      kind: 'select', required: true,
      options: [{ value: '', label: t('pass.pick') },
        ...offered.map(c => ({ value: c.name, label: c.displayName })),
        ...kept.map(c => ({ value: c.name, label: t('pass.kept', { name: c.displayName }), disabled: true }))],
    }),
    field(t('pass.skills'), 'skills', { required: true, placeholder: 'web-development' }),
    field(t('pass.description'), 'description', { kind: 'textarea' }),
    h('div', { class: 'row' },
      field(t('pass.budgetMin'), 'budgetMin', { kind: 'number', min: 0, step: 100 }),
      field(t('pass.budgetMax'), 'budgetMax', { kind: 'number', min: 0, step: 100 }),
      field(t('pass.deadline'), 'deadline', { kind: 'date' })),
  ], t('pass.find'), async v => {
    client = clients.find(c => c.name === v.client);
    const skills = v.skills.split(',').map(s => s.trim().toLowerCase()).filter(Boolean);
    need = {
      skills, description: v.description,
      budgetMinCents: v.budgetMin ? Math.round(Number(v.budgetMin) * 100) : 0,
      budgetMaxCents: v.budgetMax ? Math.round(Number(v.budgetMax) * 100) : 0,
      deadline: v.deadline,
    };
    const match = await api.post(`/v1/${firm}:matchPartners`, {
      skills: skills.map(skill => ({ skill })), client: v.client,
      budgetMinCents: need.budgetMinCents, budgetMaxCents: need.budgetMaxCents, deadline: v.deadline, pageSize: 10,
    });
    renderResults(match);
  }, { testid: 'need' });

  function renderResults(match) {
    const candidates = match.candidates ?? [];
    results.replaceChildren(
      h('h2', {}, t('pass.results')),
      candidates.length === 0 ? h('p', { class: 'muted' }, t('pass.noResults')) : h('ol', { class: 'list candidates' }, candidates.map(c =>
        h('li', { class: 'item candidate', 'data-firm': lastId(c.firm) },
          h('div', { class: 'item-main' },
            h('strong', {}, c.displayName), h('span', { class: 'muted' }, ` · ${c.city ?? ''} · `, c.partner ? t('pass.partner') : t('pass.notPartner')),
            h('span', { class: 'score' }, t('pass.score', { score: Number(c.score ?? 0).toFixed(2) }))),
          h('ul', { class: 'breakdown' }, (c.breakdown ?? []).map(b =>
            h('li', {}, h('span', { class: 'bar', style: undefined }, h('span', { class: 'fill', 'data-w': Math.round(Number(b.score ?? 0) * 100) })),
              h('span', {}, `${b.name}: ${b.explanation ?? ''}`)))),
          c.suggestion ? h('p', { class: 'muted' }, c.suggestion) : null,
          h('button', { class: 'primary', 'data-action': 'choose', onclick: () => chooseFirm(c) }, t('pass.choose'))))),
      (match.exclusions ?? []).length ? h('details', {}, h('summary', {}, t('pass.excluded')),
        h('ul', {}, match.exclusions.map(x => h('li', {}, x.explanation)))) : null);
    // Widths through CSSOM (the page's policy allows no inline style attributes).
    results.querySelectorAll('.fill').forEach(el => { el.style.width = el.dataset.w + '%'; });
  }

  function chooseFirm(candidate) {
    const d = client?.difficulty;
    const disclosure = t('pass.disclosureText', {
      client: client?.displayName ?? '', level: word(d?.level ?? 'DIFFICULTY_LEVEL_UNSPECIFIED'),
      hours: Number(d?.hassleHoursPerThousandEur ?? 0).toFixed(1),
    });
    const send = form([
      h('fieldset', {}, h('legend', {}, t('pass.kind')),
        h('label', { class: 'check' }, h('input', { type: 'radio', name: 'kind', value: 'REFERRAL_KIND_REFERRAL', checked: true }), ' ', t('pass.referral')),
        h('label', { class: 'check' }, h('input', { type: 'radio', name: 'kind', value: 'REFERRAL_KIND_INTRODUCTION' }), ' ', t('pass.introduction'))),
      field(t('pass.warmth'), 'warmth', { kind: 'number', min: 1, max: 5, value: '3', required: true }),
      field(t('common.note'), 'note', { kind: 'textarea' }),
      h('div', { class: 'disclosure', 'data-testid': 'disclosure' }, h('h3', {}, t('pass.disclosure', { firm: candidate.displayName })), h('p', {}, disclosure)),
    ], t('pass.send', { firm: candidate.displayName }), async (_, el) => {
      const kind = [...el.querySelectorAll('input[name=kind]')].find(i => i.checked).value;
      const v = values(el);
      const created = await api.post(`/v1/${session.current.network}/referrals`, {
        referral: { kind, receiver: candidate.firm, client: client.name, need, warmth: Number(v.warmth), note: v.note },
        requestId: crypto.randomUUID(),
      });
      location.hash = '#/referral/' + lastId(created.name);
    }, { testid: 'send' });
    results.replaceChildren(card(h('h2', {}, candidate.displayName), send));
  }

  show(heading(t('pass.title')), card(needForm), results);
}
