// Inbox: the firm's received and sent referrals and introductions; one referral with its timeline and actions.
import { t, word } from './i18n.js';
import { h, show, field, form, euros, date, duration, badge, lastId, heading, empty, card, toast } from './ui.js';
import { api, all, session, ApiError } from './api.js';

const names = new Map();

// A firm's display name (its resource name when it cannot be read).
export async function firmName(name) {
  if (!name) return word('hub');
  if (!names.has(name)) {
    names.set(name, api.get('/v1/' + name).then(f => f.displayName || lastId(name), () => lastId(name)));
  }
  return names.get(name);
}

function difficultyText(d) {
  if (!d || !d.level || d.level === 'DIFFICULTY_LEVEL_UNSPECIFIED') return t('ref.difficultyUnknown');
  const hours = Number(d.hassleHoursPerThousandEur ?? 0).toFixed(1);
  return `${word(d.level ?? 'DIFFICULTY_LEVEL_UNSPECIFIED')} (${hours} h / 1 000 €)`;
}

async function row(r, received) {
  const other = await firmName(received ? r.referrer : r.receiver);
  const left = r.state === 'REFERRAL_STATE_PROPOSED' && r.deadline?.timeLeft !== undefined
    ? (parseFloat(r.deadline.timeLeft) > 0 ? t('inbox.left', { time: duration(r.deadline.timeLeft) }) : t('inbox.overdue'))
    : '';
  return h('li', { class: 'item', 'data-referral': lastId(r.name) },
    h('a', { href: '#/referral/' + lastId(r.name), class: 'item-main' },
      h('strong', {}, r.disclosure?.clientDisplayName || lastId(r.client)),
      h('span', { class: 'muted' }, ' · ', word(r.kind), ' · ', t(received ? 'inbox.from' : 'inbox.to', { firm: other }))),
    h('div', { class: 'item-meta' },
      badge(r.state, 'state'),
      h('span', { class: 'difficulty ' + (r.disclosure?.difficulty?.level ?? '').toLowerCase() }, difficultyText(r.disclosure?.difficulty)),
      left && h('span', { class: 'deadline' }, left)));
}

export async function inboxPage() {
  const firm = session.current.firm;
  const [received, sent] = await Promise.all([
    all(`/v1/${firm}/referrals`, 'referrals', { role: 'REFERRAL_ROLE_RECEIVED' }),
    all(`/v1/${firm}/referrals`, 'referrals', { role: 'REFERRAL_ROLE_SENT' }),
  ]);
  const list = async (items, isReceived, testid) => h('div', { 'data-testid': testid }, items.length
    ? h('ul', { class: 'list' }, await Promise.all(items.map(r => row(r, isReceived))))
    : empty());
  show(
    heading(t('inbox.title')),
    card(h('h2', {}, t('inbox.received')), await list(received, true, 'received')),
    card(h('h2', {}, t('inbox.sent')), await list(sent, false, 'sent')));
}

function notFound() {
  show(card(h('h1', { 'data-testid': 'not-found' }, t('ref.notFound')), h('p', {}, t('ref.notFoundText')),
    h('p', {}, h('a', { href: '#/inbox' }, t('common.back')))));
}

export async function referralPage(id) {
  const network = session.current.network;
  let r;
  try {
    r = await api.get(`/v1/${network}/referrals/${encodeURIComponent(id)}`);
  } catch (e) {
    if (e instanceof ApiError && [400, 403, 404].includes(e.status)) { notFound(); return; }
    throw e;
  }
  const me = session.current.firm;
  const received = r.receiver === me;
  const [from, to] = await Promise.all([firmName(r.referrer), firmName(r.receiver)]);
  const act = (verb, body) => async () => {
    await api.post(`/v1/${r.name}:${verb}`, { ...body, requestId: crypto.randomUUID() });
    toast(t('common.done'));
    await referralPage(id);
  };
  const actions = [];
  if (received && r.state === 'REFERRAL_STATE_PROPOSED') {
    actions.push(h('button', { class: 'primary', 'data-action': 'accept', onclick: act('accept', {}) }, t('ref.accept')));
    actions.push(form([
      field(t('ref.reason'), 'reason', { kind: 'select', options: ['NOT_A_FIT', 'NO_CAPACITY', 'ALREADY_OUR_CLIENT', 'CONFLICT', 'OTHER']
        .map(x => ({ value: 'DECLINE_REASON_' + x, label: word('DECLINE_REASON_' + x) })) }),
      field(t('common.note'), 'note'),
    ], t('ref.decline'), v => act('decline', v)(), { testid: 'decline' }));
  }
  if (!received && r.state === 'REFERRAL_STATE_PROPOSED') {
    actions.push(h('button', { 'data-action': 'cancel', onclick: act('cancel', {}) }, t('ref.cancel')));
  }
  if (received && r.state === 'REFERRAL_STATE_ACCEPTED') {
    actions.push(h('button', { class: 'primary', 'data-action': 'start', onclick: act('start', {}) }, t('ref.start')));
  }
  if (received && (r.state === 'REFERRAL_STATE_ACCEPTED' || r.state === 'REFERRAL_STATE_IN_PROGRESS')) {
    actions.push(form([
      field(t('ref.value'), 'value', { kind: 'number', min: 0, step: 1, required: true }),
      field(t('ref.months'), 'months', { kind: 'number', min: 1, max: 120, value: '12', required: true }),
    ], t('ref.won'), v => act('markWon', { wonValueCents: Math.round(Number(v.value) * 100), contractMonths: Number(v.months) })(), { testid: 'won' }));
    actions.push(form([
      field(t('ref.reason'), 'reason', { kind: 'select', options: ['PRICE', 'TIMING', 'CHOSE_COMPETITOR', 'CLIENT_WITHDREW', 'POOR_FIT', 'OTHER']
        .map(x => ({ value: 'LOST_REASON_' + x, label: word('LOST_REASON_' + x) })) }),
    ], t('ref.lost'), v => act('markLost', v)(), { testid: 'lost' }));
  }
  const rating = await feedbackSection(r, received);
  const terms = r.terms ? t('ref.termsText', { fee: r.terms.referralFeePercent ?? 0, cap: r.terms.feeCapMonths ?? 0, ns: r.terms.nonSolicitMonths ?? 0 }) : '';
  const timeline = await Promise.all((r.timeline ?? []).map(async e => {
    const firm = e.actor ? await firmName(e.actor) : word('hub');
    const who = e.actorPerson ? `${e.actorPerson} (${firm})` : firm;
    return h('li', {}, h('time', {}, date(e.time)), ' ', h('strong', {}, who), ' ', word(e.type), e.note ? ` — “${e.note}”` : '');
  }));
  const dl = (...pairs) => h('dl', { class: 'facts' }, pairs.filter(p => p && p[1]).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  show(
    heading(t('ref.title', { kind: word(r.kind), client: r.disclosure?.clientDisplayName || lastId(r.client) }), badge(r.state, 'state')),
    received && r.alreadyReceiversClient ? h('p', { class: 'notice' }, t('ref.alreadyYours')) : null,
    card(dl(
      [t('ref.from'), from], [t('ref.to'), to],
      [t('ref.difficulty'), difficultyText(r.disclosure?.difficulty)],
      [t('ref.need'), r.need?.description],
      [t('ref.skills'), (r.need?.skills ?? []).join(', ')],
      [t('ref.budget'), r.need && (r.need.budgetMinCents || r.need.budgetMaxCents) ? `${euros(r.need.budgetMinCents)} – ${euros(r.need.budgetMaxCents)}` : ''],
      [t('ref.deadline'), r.need?.deadline],
      [t('ref.warmth'), r.warmth ? '★'.repeat(r.warmth) : ''],
      [t('ref.terms'), terms],
      [t('ref.expires'), r.state === 'REFERRAL_STATE_PROPOSED' ? date(r.expireTime) : ''],
      [t('ref.fee'), Number(r.feeDueCents ?? 0) > 0 ? euros(r.feeDueCents) : ''],
      [t('ref.custody'), r.custodyUntil ? date(r.custodyUntil) : ''],
      [t('ref.contact'), r.clientContact?.personName ? [r.clientContact.personName, r.clientContact.email, r.clientContact.phone].filter(Boolean).join(' · ') : ''],
      [t('common.note'), r.note])),
    actions.length ? card(h('div', { class: 'referral-actions' }, actions)) : null,
    rating,
    card(h('h2', {}, t('ref.timeline')), h('ol', { class: 'timeline', 'data-testid': 'timeline' }, timeline)));
}

// Once won or lost, each side rates the other (sealed until both have, or 14 days); a signed-in
// person rates as themselves, and may rate the chemistry with one of the other firm's people.
async function feedbackSection(r, received) {
  if (r.state !== 'REFERRAL_STATE_WON' && r.state !== 'REFERRAL_STATE_LOST') return null;
  const other = received ? r.referrer : r.receiver;
  const [existing, otherFirm] = await Promise.all([
    api.get(`/v1/${r.name}/feedback`).catch(() => ({})),
    api.get('/v1/' + other).catch(() => ({})),
  ]);
  const mine = (existing.feedback ?? []).find(f => f.rater === session.current.firm);
  const theirs = (existing.feedback ?? []).find(f => f.rater !== session.current.firm);
  const stars = f => `★ ${f.communication}/${f.qualityOfWork}/${f.marketingMind}/${f.workAgain}` + (f.comment ? ` — “${f.comment}”` : '');
  const scale = (label, name) => field(label, name, { kind: 'select', value: '4', options: [5, 4, 3, 2, 1].map(n => ({ value: String(n), label: '★'.repeat(n) })) });
  const people = (otherFirm.people ?? []).map(p => p.name);
  const body = mine ? h('p', { 'data-testid': 'my-feedback' }, t('fb.yours'), ' ', stars(mine)) : form([
    h('div', { class: 'row' },
      scale(t('fb.communication'), 'communication'), scale(t('fb.quality'), 'quality'),
      scale(t('fb.marketing'), 'marketing'), scale(t('fb.again'), 'again')),
    received ? h('div', { class: 'row' }, scale(t('fb.asDisclosed'), 'asDisclosed'), scale(t('fb.worthIt'), 'worthIt')) : null,
    people.length ? h('div', { class: 'row' },
      field(t('fb.person'), 'person', { kind: 'select', options: [{ value: '', label: '—' }, ...people.map(p => ({ value: p, label: p }))] }),
      scale(t('fb.chemistry'), 'chemistry')) : null,
    field(t('fb.comment'), 'comment', { kind: 'textarea' }),
  ], t('fb.send'), async v => {
    // The body is the Feedback itself (google.api.http body: "feedback"); the request id goes in the query.
    await api.post(`/v1/${r.name}/feedback?requestId=${crypto.randomUUID()}`, {
      communication: Number(v.communication), qualityOfWork: Number(v.quality), marketingMind: Number(v.marketing), workAgain: Number(v.again),
      comment: v.comment,
      referralQuality: received ? { asDisclosed: Number(v.asDisclosed), worthTheHassle: Number(v.worthIt) } : undefined,
      personRatings: v.person ? [{ toPerson: v.person, chemistry: Number(v.chemistry) }] : [],
    });
    toast(t('common.done'));
    await referralPage(lastId(r.name));
  }, { testid: 'feedback' });
  return card(h('h2', {}, t('fb.title', { firm: otherFirm.displayName ?? lastId(other) })), body,
    theirs ? h('p', {}, t('fb.theirs'), ' ', stars(theirs)) : existing.otherSideSealed ? h('p', { class: 'muted' }, t('partners.sealed')) : null);
}
