// DOM helpers. Every text goes in as a text node (never as HTML), so nothing a member typed can run as script.
import { t, word, currentLang } from './i18n.js';

// h('div', {class: 'x', onclick: f}, 'text', child, [children]) builds an element.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Set while a live update (the firm's feed brought something new) draws the page again.
export const live = { refreshing: false };

// Someone is typing or choosing in the page: a live update must not take the form from under them.
export function busy() {
  return !!document.querySelector('#main form.dirty, #main input:focus, #main textarea:focus, #main select:focus');
}

// Replaces the main area's content (a live update leaves a page that is being filled in alone).
export function show(...children) {
  const main = document.getElementById('main');
  if (live.refreshing && busy()) return main;
  main.replaceChildren(...children.flat().filter(Boolean));
  return main;
}

// A labelled form field. kind: 'text' (default), 'email', 'password', 'number', 'date', 'textarea', 'select', 'checkbox'.
export function field(label, name, { kind = 'text', value = '', options = [], required = false, placeholder, min, max, step, autocomplete } = {}) {
  const id = 'f-' + name + '-' + Math.random().toString(36).slice(2, 7);
  let input;
  if (kind === 'textarea') {
    input = h('textarea', { id, name, required, placeholder, rows: 3 });
    input.value = value;
  } else if (kind === 'select') {
    input = h('select', { id, name, required }, options.map(o => h('option', { value: o.value, disabled: o.disabled, selected: o.value === value }, o.label)));
  } else if (kind === 'checkbox') {
    input = h('input', { id, name, type: 'checkbox', checked: !!value });
    return h('label', { class: 'check', for: id }, input, ' ', label);
  } else {
    input = h('input', { id, name, type: kind, required, placeholder, min, max, step, autocomplete });
    input.value = value;
  }
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

// Reads a form's named fields into an object (checkboxes as booleans).
export function values(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    out[el.name] = el.type === 'checkbox' ? el.checked : el.value;
  }
  return out;
}

// A form whose submit runs onSubmit(values); the button is disabled while it runs and errors are shown in the form.
export function form(fields, submitLabel, onSubmit, { testid } = {}) {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const button = h('button', { type: 'submit', class: 'primary' }, submitLabel);
  const el = h('form', { class: 'form', 'data-testid': testid }, fields, error, h('div', { class: 'actions' }, button));
  el.addEventListener('submit', async e => {
    e.preventDefault();
    error.hidden = true;
    button.disabled = true;
    try {
      await onSubmit(values(el), el);
    } catch (err) {
      error.textContent = err.message || String(err);
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  return el;
}

export function toast(text) {
  const el = document.getElementById('toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 4000);
}

// Money in cents (a number, or a string as JSON carries int64) as euros.
export function euros(cents) {
  const n = Number(cents ?? 0) / 100;
  return new Intl.NumberFormat(currentLang() === 'fi' ? 'fi-FI' : 'en-IE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(n);
}

export function date(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(currentLang() === 'fi' ? 'fi-FI' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

// A protobuf JSON duration ("3600s") as "2 d 4 h" / "3 h 10 min".
export function duration(text) {
  const seconds = Math.max(0, Math.round(parseFloat(text ?? '0')));
  const d = Math.floor(seconds / 86400), hrs = Math.floor((seconds % 86400) / 3600), min = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d} d ${hrs} h`;
  if (hrs > 0) return `${hrs} h ${min} min`;
  return `${min} min`;
}

export function badge(value, cls = '') {
  return h('span', { class: 'badge ' + cls + ' ' + (value ?? '').toLowerCase() }, word(value));
}

// "networks/turku/firms/rumpu" -> "rumpu".
export function lastId(name) {
  return (name ?? '').split('/').pop();
}

export function heading(text, ...extra) {
  return h('div', { class: 'page-head' }, h('h1', {}, text), extra);
}

export function empty() {
  return h('p', { class: 'muted' }, t('common.none'));
}

export function card(...children) {
  return h('section', { class: 'card' }, children);
}
