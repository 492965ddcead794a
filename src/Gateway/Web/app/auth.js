// Sign in, the operator's first set-up, and setting a password through an invitation link.
import { t } from './i18n.js';
import { h, show, field, form, card } from './ui.js';
import { api, signIn, acceptInvitation, session } from './api.js';

function home() {
  location.hash = session.current?.role === 'operator' ? '#/operator' : '#/inbox';
}

export async function signInPage() {
  show(card(
    h('h1', {}, t('auth.title')),
    form([
      field(t('auth.email'), 'email', { kind: 'email', required: true, autocomplete: 'username' }),
      field(t('auth.password'), 'password', { kind: 'password', required: true, autocomplete: 'current-password' }),
    ], t('auth.signIn'), async v => {
      await signIn(v.email, v.password);
      home();
    }, { testid: 'sign-in' }),
    h('p', {}, h('a', { href: '#/setup' }, t('auth.setupLink')))));
}

export async function setupPage() {
  show(card(
    h('h1', {}, t('auth.setupTitle')),
    h('p', { class: 'muted' }, t('auth.setupHelp')),
    form([
      field(t('auth.adminKey'), 'adminKey', { kind: 'password', required: true, autocomplete: 'off' }),
      field(t('auth.name'), 'displayName', { required: true }),
      field(t('auth.email'), 'email', { kind: 'email', required: true, autocomplete: 'username' }),
      field(t('auth.newPassword'), 'password', { kind: 'password', required: true, autocomplete: 'new-password' }),
    ], t('auth.setup'), async v => {
      // The admin key goes to the API once, as any member system would send it; the page keeps only the session.
      const invitation = await api.post('/v1/invitations', { email: v.email, displayName: v.displayName },
        { Authorization: 'Bearer ' + v.adminKey.trim() });
      await acceptInvitation(invitation.token, v.password);
      home();
    }, { testid: 'setup' })));
}

export async function invitationPage(token) {
  let email = '';
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    email = new TextDecoder().decode(Uint8Array.from(atob(part + '==='.slice((part.length + 3) % 4)), c => c.charCodeAt(0)));
  } catch {
    show(card(h('h1', {}, t('auth.invitationTitle')), h('p', { class: 'error' }, t('auth.badLink'))));
    return;
  }
  show(card(
    h('h1', {}, t('auth.invitationTitle')),
    h('p', {}, t('auth.invitationFor', { email })),
    form([
      h('input', { type: 'email', name: 'username', value: email, autocomplete: 'username', hidden: true }),
      field(t('auth.newPassword'), 'password', { kind: 'password', required: true, autocomplete: 'new-password' }),
    ], t('auth.setPassword'), async v => {
      await acceptInvitation(token, v.password);
      home();
    }, { testid: 'invitation' })));
}
