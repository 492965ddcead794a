// The shell: who is signed in, the navigation, the routes (#/inbox, #/referral/{id}, ...) and live updates.
import { t, setLang, currentLang } from './i18n.js';
import { h, show, toast, live, busy } from './ui.js';
import { session, loadSession, signOut, watchFeed } from './api.js';
import { signInPage, setupPage, invitationPage } from './auth.js';
import { inboxPage, referralPage } from './inbox.js';
import { passPage } from './pass.js';
import { partnersPage } from './partners.js';
import { clientsPage } from './clients.js';
import { networkPage } from './network.js';
import { peoplePage } from './people.js';
import { profilePage } from './profile.js';
import { operatorPage } from './operator.js';

const firmPages = {
  inbox: inboxPage, referral: referralPage, pass: passPage, partners: partnersPage,
  clients: clientsPage, network: networkPage, people: peoplePage, profile: profilePage,
};
const publicPages = { 'sign-in': signInPage, setup: setupPage, invitation: invitationPage };

let stopWatch = null;
let rendering = 0;

function route() {
  const [page = '', ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  return { page, arg: decodeURIComponent(rest.join('/')) };
}

function nav() {
  const top = document.getElementById('top');
  const s = session.current;
  const { page } = route();
  const link = (name, label) => h('a', { href: '#/' + name, class: page === name ? 'active' : '', 'data-nav': name }, label);
  const links = !s ? [] : s.role === 'operator'
    ? [link('operator', t('nav.operator'))]
    : [link('inbox', t('nav.inbox')), link('pass', t('nav.pass')), link('partners', t('nav.partners')),
       link('clients', t('nav.clients')), link('network', t('nav.network')), link('profile', t('nav.profile')),
       s.role === 'firm_admin' && link('people', t('nav.people'))];
  top.replaceChildren(
    h('a', { class: 'brand', href: '#/' }, h('img', { src: '/app/icon.svg', alt: '', width: 24, height: 24 }), t('app.name')),
    h('nav', { class: 'links' }, links),
    h('div', { class: 'who' },
      s && h('span', { class: 'person', 'data-testid': 'person' }, s.displayName + (s.firm ? ' · ' + s.firm.split('/').pop() : '')),
      h('button', { class: 'link', onclick: () => { setLang(currentLang() === 'fi' ? 'en' : 'fi'); render(); } }, t('nav.language')),
      s && h('button', { class: 'link', 'data-testid': 'sign-out', onclick: async () => { await signOut(); stopLive(); location.hash = '#/sign-in'; toast(t('auth.signedOut')); } }, t('nav.signOut'))));
}

function stopLive() {
  stopWatch?.();
  stopWatch = null;
}

function startLive() {
  if (stopWatch || !session.current?.firm) return;
  let timer = null;
  // Something new in the firm's feed: draw the current page again (a burst of events once).
  stopWatch = watchFeed(session.current.firm, () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (busy()) return;
      live.refreshing = true;
      try { await render(); } finally { live.refreshing = false; }
    }, 300);
  });
}

export async function render() {
  const mine = ++rendering;
  const { page, arg } = route();
  if (publicPages[page]) {
    nav();
    await publicPages[page](arg);
    return;
  }
  const s = session.current ?? await loadSession();
  if (mine !== rendering) return;
  if (!s) {
    stopLive();
    location.hash = '#/sign-in';
    return;
  }
  nav();
  if (s.role === 'operator') {
    if (page !== 'operator') { location.hash = '#/operator'; return; }
    await operatorPage(arg);
    return;
  }
  startLive();
  const handler = firmPages[page];
  if (!handler) { location.hash = '#/inbox'; return; }
  try {
    await handler(arg);
  } catch (e) {
    if (mine === rendering) show(h('p', { class: 'error', role: 'alert' }, e.message));
  }
}

// Pages that change data mark their forms dirty while typed in, so a live update does not wipe them.
document.addEventListener('input', e => e.target.closest('form')?.classList.add('dirty'));
window.addEventListener('hashchange', render);
// The first page drawn and usable: what the time-to-interactive benchmark reads (bench/Viidakko.Bench.Web).
render().finally(() => {
  if (document.querySelector('#main form, #main [data-testid]')) performance.mark('viidakko:ready');
  else new MutationObserver((_, observer) => {
    if (document.querySelector('#main form, #main [data-testid]')) { performance.mark('viidakko:ready'); observer.disconnect(); }
  }).observe(document.getElementById('main'), { childList: true, subtree: true });
});
