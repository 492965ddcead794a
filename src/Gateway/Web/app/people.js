// People: a person with admin rights invites the firm's other people (the link is shown to pass on).
import { t } from './i18n.js';
import { h, show, field, form, heading, card, date } from './ui.js';
import { api, session } from './api.js';

// Shows an invitation's link, ready to copy.
export function invitationLink(invitation) {
  const url = location.origin + invitation.acceptPath;
  const input = h('input', { type: 'text', readonly: true, value: url, 'data-testid': 'invitation-link', class: 'link-box' });
  return h('div', { class: 'notice' },
    h('p', {}, t('people.link', { email: invitation.email, time: date(invitation.expireTime) })), input,
    h('button', { onclick: async () => { input.select(); await navigator.clipboard?.writeText(url).catch(() => {}); } }, t('common.copy')));
}

export async function peoplePage() {
  const result = h('div');
  if (session.current.role !== 'firm_admin') {
    show(heading(t('people.title')), card(h('p', {}, t('people.onlyAdmin'))));
    return;
  }
  show(heading(t('people.title')), card(h('h2', {}, t('people.invite')), form([
    field(t('people.name'), 'displayName', { required: true }),
    field(t('auth.email'), 'email', { kind: 'email', required: true }),
    field(t('people.admin'), 'admin', { kind: 'checkbox' }),
  ], t('people.invite'), async v => {
    const invitation = await api.post(`/v1/${session.current.firm}/invitations`, v);
    result.replaceChildren(invitationLink(invitation));
  }, { testid: 'invite-person' }), result));
}
