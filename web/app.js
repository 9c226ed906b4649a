// The field appraiser's app: sign in, appraisals, the outbox. No build step: ES modules.

import { all, get, kv, put, clear, update } from './db.js';
import { t, setLang, lang, title as loc, LANGS } from './i18n.js';
import { checkVIN, normalizeVIN } from './vin.js';
import * as sync from './sync.js';

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/heic'];
const BODIES = ['sedan', 'hatchback', 'wagon', 'suv', 'coupe', 'minivan', 'pickup'];
const STEPS = ['car', 'checklist', 'paint', 'photos', 'offer'];

const app = {
  me: null,
  checklist: null,
  route: { view: 'signin' },
  waiting: [],
};

// ---- DOM helpers: text goes in as text nodes, never as HTML -------------------------------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const $ = (sel) => document.querySelector(sel);

/** Text as the database takes it: control characters (a pasted tab or line break) become spaces. */
function clean(text) {
  return String(text ?? '').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

function field(labelKey, input, { hint, error, id } = {}) {
  return h('label', { class: 'field' + (error ? ' has-error' : ''), for: id || input.id },
    h('span', { class: 'label' }, t(labelKey)), input,
    hint ? h('span', { class: 'hint' }, hint) : null,
    error ? h('span', { class: 'error', role: 'alert' }, error) : null);
}

function money(amount) {
  if (amount === undefined || amount === null) return '';
  const [whole, frac = '00'] = String(amount).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${grouped},${frac} ₽`;
}

function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? iso + 'T00:00:00Z' : iso);
  return d.toLocaleDateString(lang() === 'ru' ? 'ru-RU' : 'en-GB', { timeZone: 'UTC' });
}

// One message at a time at the bottom; a new one replaces the last.
let toastTimer = null;
function toast(message, kind = 'info') {
  $('#toasts').replaceChildren(h('div', { class: `toast ${kind}`, role: 'status' }, message));
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => $('#toasts').replaceChildren(), 3000);
}

// ---- routing ------------------------------------------------------------------------------

function go(hash) { if (location.hash === hash) render(); else location.hash = hash; }

function parseRoute() {
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  if (!app.me) return { view: 'signin' };
  switch (parts[0]) {
    case 'new': return { view: 'appraisal', id: null, step: 'car' };
    case 'a': return { view: 'appraisal', id: parts[1], step: STEPS.includes(parts[2]) ? parts[2] : 'car' };
    case 'outbox': return { view: 'outbox' };
    default: return { view: 'list' };
  }
}

// ---- the frame: header, offline banner, waiting counter -----------------------------------

async function refreshFrame() {
  app.waiting = await sync.waiting();
  const count = app.waiting.length;
  const online = navigator.onLine && sync.status.online;
  const badge = $('#outbox-count');
  badge.textContent = String(count);
  $('#outbox-button').classList.toggle('has-waiting', count > 0);
  $('#outbox-button').setAttribute('aria-label', t('outbox.count', { count }));
  $('#outbox-button').hidden = !app.me;
  const banner = $('#offline-banner');
  banner.hidden = online;
  banner.textContent = online ? '' : t('offline.banner', { count });
  const failed = app.waiting.filter((e) => e.state === 'failed').length;
  const problem = $('#problem-banner');
  problem.hidden = !(failed || sync.status.authFailed);
  problem.textContent = sync.status.authFailed ? t('auth.failed') : failed ? t('outbox.failed', { count: failed }) : '';
  $('#lang-button').textContent = lang() === 'ru' ? 'EN' : 'RU';
  $('#lang-button').setAttribute('aria-label', t('lang.switch'));
  document.documentElement.lang = lang();
  document.title = t('app.title');
  $('#app-title').textContent = t('app.title');
}

// `navigated`: a new screen (focus goes to it); otherwise the sync redraws the same one in place.
async function render(navigated = true) {
  app.route = parseRoute();
  await refreshFrame();
  const main = $('#view');
  const view = await ({ signin: viewSignIn, list: viewList, appraisal: viewAppraisal, outbox: viewOutbox })[app.route.view]();
  main.replaceChildren(view);
  if (navigated) main.focus({ preventScroll: true });
}

// ---- sign in ------------------------------------------------------------------------------

function viewSignIn() {
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', autocapitalize: 'off',
                             spellcheck: 'false', inputmode: 'text', required: true });
  const error = h('p', { class: 'error', id: 'signin-error', role: 'alert', hidden: true });
  const form = h('form', { class: 'card', id: 'signin-form', onsubmit: async (ev) => {
    ev.preventDefault();
    const token = input.value.trim();
    error.hidden = true;
    if (!token) { error.textContent = t('signin.empty'); error.hidden = false; return; }
    sync.setToken(token);
    try {
      const me = await sync.api('GET', '/v1/me');
      await signedIn(token, me, true);
    } catch (e) {
      if (e instanceof sync.OfflineError) {
        await signedIn(token, { login: '?', name: t('signin.unverified'), unverified: true }, false);
        toast(t('signin.offline'));
      } else {
        sync.setToken(null);
        error.textContent = e.status === 401 ? t('signin.refused') : e.message;
        error.hidden = false;
      }
    }
  } },
    h('h1', {}, t('signin.title')),
    h('p', {}, t('signin.help')),
    field('signin.token', input),
    error,
    h('button', { type: 'submit', class: 'primary big', id: 'signin-button' }, t('signin.button')));
  return h('section', { class: 'signin' }, form);
}

async function signedIn(token, me, verified) {
  await kv.set('token', token);
  await kv.set('me', me);
  app.me = me;
  sync.status.authFailed = false;
  if (verified) {
    try { app.checklist = await sync.fetchChecklist(); } catch { /* cached one stays */ }
  }
  sync.kick();
  go('#/list');
}

async function signOut() {
  if (app.waiting.length && !confirm(t('signout.confirm', { count: app.waiting.length }))) return;
  await kv.del('token'); await kv.del('me'); await kv.del('cursor');
  if (!app.waiting.length) await clear('appraisals');
  sync.setToken(null);
  app.me = null;
  go('#/');
}

// ---- the list -----------------------------------------------------------------------------

async function loadAppraisals() {
  const list = await all('appraisals');
  return list.sort((a, b) => (b.happenedAt || b.server?.happenedAt || b.server?.receivedAt || '')
    .localeCompare(a.happenedAt || a.server?.happenedAt || a.server?.receivedAt || ''));
}

function carOf(a) {
  const s = a.server || {};
  const c = a.car || {};
  return {
    number: s.number, state: s.state, vin: s.vin || c.vin, make: s.make || c.make, model: s.model || c.model,
    modelYear: s.modelYear || c.modelYear, offer: s.offer, seller: s.seller?.name || a.seller?.name || a.sellerLabel,
  };
}

async function viewList() {
  const list = await loadAppraisals();
  const pendingIds = new Set(app.waiting.map((e) => e.appraisalId));
  const items = list.map((a) => {
    const c = carOf(a);
    const stateText = c.state ? t(`state.${c.state}`) : t('state.unsent');
    return h('li', {},
      h('a', { href: `#/a/${a.id}/${c.offer ? 'offer' : 'car'}`, class: 'row appraisal-row', 'data-id': a.id },
        h('span', { class: 'line' },
          h('strong', {}, [c.make, c.model, c.modelYear].filter(Boolean).join(' ') || t('list.nocar')),
          h('span', { class: `state state-${c.state || 'unsent'}` }, stateText)),
        h('span', { class: 'mono vin' }, c.vin || ''),
        h('span', { class: 'line' },
          h('span', {}, c.number || t('list.nonumber')),
          c.offer ? h('span', { class: 'amount' }, money(c.offer.amount)) : null),
        pendingIds.has(a.id) || a.conflict ? h('span', { class: 'line' },
          pendingIds.has(a.id) ? h('span', { class: 'pending' }, t('list.pending')) : null,
          a.conflict ? h('span', { class: 'pending' }, t('offer.changed.short')) : null) : null));
  });
  return h('section', {},
    h('div', { class: 'who' }, h('span', {}, app.me.name, app.me.dealership ? ` · ${app.me.dealership.name}` : ''),
      h('button', { class: 'link', onclick: signOut }, t('signout'))),
    h('a', { href: '#/new', class: 'button primary big', id: 'new-appraisal' }, '+ ', t('list.new')),
    h('h2', {}, t('list.title')),
    items.length ? h('ul', { class: 'rows', id: 'appraisal-list' }, items) : h('p', { class: 'empty' }, t('list.empty')));
}

// ---- an appraisal -------------------------------------------------------------------------

function blankAppraisal() {
  return {
    id: sync.uuid(), happenedAt: null, draft: true,
    car: { vin: '', plate: '', make: '', model: '', modelYear: '', mileageKm: '', colour: '', ptsKind: 'electronic',
           ptsNumber: '', owners: 1, keys: 2, serviceBook: false, bodyType: 'sedan' },
    seller: null, answers: {}, paint: {}, photos: [], server: null,
  };
}

let current = null; // the appraisal on screen

async function viewAppraisal() {
  const { id, step } = app.route;
  if (!id) {
    if (!current || !current.draft || current.happenedAt) current = (await kv.get('draft')) || blankAppraisal();
  } else if (!current || current.id !== id) {
    current = (await get('appraisals', id)) || null;
    if (!current) return h('p', { class: 'empty' }, t('appraisal.missing'));
  } else {
    // The same appraisal: the one in memory holds the phone's edits; take the sync's fields.
    const stored = await get('appraisals', id);
    if (stored) mergeSynced(current, stored);
  }
  if (!app.checklist) app.checklist = await kv.get('checklist');
  normalise(current);
  const created = !!current.happenedAt || !!current.fromServer;
  const c = carOf(current);
  const tabs = h('nav', { class: 'steps', role: 'tablist' }, STEPS.map((s) => {
    const enabled = s === 'car' || created;
    return h(enabled ? 'a' : 'span', {
      class: 'step' + (s === step ? ' current' : '') + (enabled ? '' : ' disabled'),
      href: enabled ? `#/a/${current.id}/${s}` : undefined, role: 'tab', id: `step-${s}`,
      'aria-selected': s === step ? 'true' : 'false',
    }, t(`step.${s}`));
  }));
  const body = await ({ car: stepCar, checklist: stepChecklist, paint: stepPaint, photos: stepPhotos, offer: stepOffer })[created ? step : 'car']();
  return h('section', { class: 'appraisal' },
    h('div', { class: 'appraisal-head' },
      h('a', { href: '#/list', class: 'back', 'aria-label': t('back') }, '‹'),
      h('div', {}, headParts(current))),
    tabs, body);
}

// The phone's edits of the appraisal on screen. The sync loop owns `server`, `conflict` and
// each photo's upload progress: those are taken from the stored record, never overwritten.
async function saveLocal() {
  if (!(current.happenedAt || current.fromServer)) { await kv.set('draft', current); return; }
  // In place: the same objects stay on screen (a photo added meanwhile is never dropped).
  const mine = current;
  await update('appraisals', mine.id, (stored) => {
    if (stored) mergeSynced(mine, stored);
    return mine;
  });
}

// The appraisal's head (number, state) follows the sync without redrawing the form under the user.
async function refreshHead() {
  if (app.route.view !== 'appraisal' || !current) return;
  const stored = await get('appraisals', current.id);
  if (!stored) return;
  mergeSynced(current, stored);
  const head = document.querySelector('.appraisal-head > div');
  if (head) head.replaceChildren(...headParts(current));
  for (const p of current.photos || []) {
    const label = document.querySelector(`.tile[data-photo="${p.id}"] .upload`);
    if (label) label.replaceWith(uploadLabel(p));
  }
}

function mergeSynced(mine, stored) {
  const progress = Object.fromEntries((stored.photos || []).map((p) => [p.id, p]));
  mine.server = stored.server;
  mine.conflict = stored.conflict;
  mine.pendingAnswer = stored.pendingAnswer;
  for (const p of mine.photos || []) {
    if (progress[p.id]) { p.received = progress[p.id].received; p.uploaded = progress[p.id].uploaded; }
  }
}

function headParts(a) {
  const c = carOf(a);
  const created = !!a.happenedAt || !!a.fromServer;
  return [h('strong', {}, c.number || (created ? t('list.nonumber') : t('list.new'))),
          c.state ? h('span', { class: `state state-${c.state}` }, t(`state.${c.state}`)) : null];
}

// An appraisal the sync brought (made in the back office or on another phone) gets the
// answers and readings the server has, so the checklist and paint show them.
function normalise(a) {
  a.car = a.car || {};
  a.photos = a.photos || [];
  if (!a.answers) {
    a.answers = {};
    for (const x of a.server?.answers || []) a.answers[x.item] = { answer: x.answer, severity: x.severity, note: x.note || '' };
  }
  if (!a.paint) {
    a.paint = {};
    for (const x of a.server?.paint || []) a.paint[x.panel] = x.microns;
  }
}

/** The outbox entry of the appraisal's creation when the server refused it (a rule, not the network). */
function refusedCreate(a) {
  return app.waiting.find((e) => e.appraisalId === a.id && e.kind === 'create' && e.state === 'failed');
}

// The car and the seller. Sent once (POST /v1/appraisals); read-only afterwards, unless the
// server refused it: then the form opens again with the server's reason, to be corrected.
function stepCar() {
  const a = current;
  const refused = refusedCreate(a);
  const created = (!!a.happenedAt || !!a.fromServer) && !refused;
  if (created) {
    const s = a.server || {};
    const car = { ...a.car, ...s };
    const rows = [
      ['car.vin', car.vin], ['car.make', car.make], ['car.model', car.model], ['car.modelYear', car.modelYear],
      ['car.mileageKm', car.mileageKm], ['car.colour', car.colour], ['car.bodyType', car.bodyType ? t(`body.${car.bodyType}`) : ''],
      ['car.plate', car.plate], ['car.pts', `${t(`pts.${car.ptsKind}`)} ${car.ptsNumber || ''}`],
      ['car.owners', car.owners], ['car.keys', car.keys], ['car.serviceBook', car.serviceBook ? t('yes') : t('no')],
      ['seller', s.seller ? `${s.seller.name} ${s.seller.phone}` : a.sellerLabel],
    ];
    return h('div', { class: 'card' },
      h('dl', { class: 'summary' }, rows.map(([k, v]) => [h('dt', {}, t(k)), h('dd', {}, v ?? '')])),
      h('a', { class: 'button primary big', href: `#/a/${a.id}/checklist` }, t('next'), ' ›'));
  }

  const errors = a.errors || {};
  const car = a.car;
  // Typing into a field marked wrong takes the mark off (it is checked again on saving).
  const clearError = (el) => {
    const box = el.closest('.field');
    if (box && box.classList.contains('has-error')) { box.classList.remove('has-error'); box.querySelector('.error')?.remove(); }
  };
  const input = (name, attrs = {}) => h('input', {
    id: `car-${name}`, name, value: car[name] ?? '', autocomplete: 'off',
    oninput: (ev) => { car[name] = ev.target.value; if (a.errors) delete a.errors[name]; clearError(ev.target); saveLocal(); }, ...attrs,
  });

  // VIN: checked on every keystroke, decoded by the server when it is valid and online.
  const vinInput = input('vin', { maxlength: 17, autocapitalize: 'characters', spellcheck: 'false', class: 'mono',
                                  oninput: (ev) => { car.vin = ev.target.value; clearError(ev.target); showVIN(); saveLocal(); } });
  const vinNote = h('div', { id: 'vin-check', class: 'vin-check', 'aria-live': 'polite' });
  let decodedFor = null;
  function showVIN() {
    const { vin, issues } = checkVIN(vinInput.value);
    vinNote.replaceChildren();
    if (!vinInput.value) return;
    if (issues.length === 0) vinNote.append(h('p', { class: 'ok' }, '✓ ', t('vin.ok')));
    for (const i of issues) vinNote.append(h('p', { class: i.level }, i.level === 'error' ? '✗ ' : '! ', t(i.key, i.args)));
    const structural = issues.some((i) => i.level === 'error' && !i.key.startsWith('vin.check'));
    if (!structural && vin.length === 17 && decodedFor !== vin && navigator.onLine) {
      decodedFor = vin;
      sync.api('GET', `/v1/vin/${encodeURIComponent(vin)}`).then((info) => {
        if (normalizeVIN(vinInput.value) !== vin) return;
        const parts = [info.make, info.modelYear, info.country].filter(Boolean).join(' · ');
        if (parts) vinNote.append(h('p', { class: 'decoded', id: 'vin-decoded' }, t('vin.decoded'), ': ', parts));
        if (info.message && !info.valid) vinNote.append(h('p', { class: 'error' }, info.message));
        if (info.make && !car.make) { car.make = info.make; $('#car-make').value = info.make; }
        if (info.modelYear && !car.modelYear) { car.modelYear = info.modelYear; $('#car-modelYear').value = info.modelYear; }
        saveLocal();
      }).catch(() => { decodedFor = null; });
    }
  }
  queueMicrotask(showVIN);

  // The seller: a customer found by name or phone, or a new person.
  const sellerBox = h('div', { class: 'seller', id: 'seller-box' });
  function showSeller() {
    sellerBox.replaceChildren();
    if (a.seller && a.seller.customerId) {
      sellerBox.append(h('div', { class: 'chosen', id: 'seller-chosen' }, h('span', {}, a.sellerLabel),
        h('button', { type: 'button', class: 'secondary', onclick: () => { a.seller = null; a.sellerLabel = ''; saveLocal(); showSeller(); } }, t('seller.change'))));
      return;
    }
    const mode = a.sellerMode || 'search';
    const modeBar = h('div', { class: 'segmented' },
      h('button', { type: 'button', class: mode === 'search' ? 'on' : '', id: 'seller-mode-search', onclick: () => { a.sellerMode = 'search'; showSeller(); } }, t('seller.search')),
      h('button', { type: 'button', class: mode === 'new' ? 'on' : '', id: 'seller-mode-new', onclick: () => { a.sellerMode = 'new'; a.seller = a.seller?.name !== undefined ? a.seller : { name: '', phone: '' }; saveLocal(); showSeller(); } }, t('seller.new')));
    sellerBox.append(modeBar);
    if (mode === 'search') {
      const results = h('ul', { class: 'rows results', id: 'seller-results' });
      let timerId = null;
      const q = h('input', { id: 'seller-q', type: 'search', autocomplete: 'off', placeholder: t('seller.q'),
        oninput: () => {
          clearTimeout(timerId);
          timerId = setTimeout(async () => {
            const text = q.value.trim();
            if (text.length < 2) { results.replaceChildren(); return; }
            try {
              const found = await sync.api('GET', `/v1/customers?q=${encodeURIComponent(text)}`);
              results.replaceChildren(...found.map((cu) => h('li', {}, h('button', { type: 'button', class: 'row pick',
                onclick: () => { a.seller = { customerId: cu.id }; a.sellerLabel = `${cu.name} ${cu.phone}`; saveLocal(); showSeller(); } },
                h('strong', {}, cu.name), h('span', {}, cu.phone)))));
              if (!found.length) results.replaceChildren(h('li', { class: 'empty' }, t('seller.none')));
            } catch (e) {
              results.replaceChildren(h('li', { class: 'empty' }, e instanceof sync.OfflineError ? t('seller.offline') : e.message));
            }
          }, 300);
        } });
      sellerBox.append(field('seller.find', q), results);
    } else {
      a.seller = a.seller && a.seller.name !== undefined ? a.seller : { name: '', phone: '' };
      sellerBox.append(
        field('seller.name', h('input', { id: 'seller-name', value: a.seller.name, autocomplete: 'off',
          oninput: (ev) => { a.seller.name = ev.target.value; a.sellerLabel = `${a.seller.name} ${a.seller.phone}`; saveLocal(); } }), { error: errors['seller.name'] }),
        field('seller.phone', h('input', { id: 'seller-phone', type: 'tel', inputmode: 'tel', value: a.seller.phone, autocomplete: 'off',
          oninput: (ev) => { a.seller.phone = ev.target.value; a.sellerLabel = `${a.seller.name} ${a.seller.phone}`; saveLocal(); } }), { error: errors['seller.phone'] }));
    }
    if (errors.seller) sellerBox.append(h('p', { class: 'error', role: 'alert' }, errors.seller));
  }
  showSeller();

  const select = (name, options, labelOf) => h('select', { id: `car-${name}`, name,
    onchange: (ev) => { car[name] = ev.target.value; saveLocal(); } },
    options.map((o) => h('option', { value: o, selected: String(car[name]) === String(o) ? 'selected' : undefined }, labelOf(o))));

  const form = h('form', { class: 'card', id: 'car-form', novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    const problems = validateCar(a);
    a.errors = problems;
    if (Object.keys(problems).length) {
      await saveLocal();
      render();
      toast(t('form.fix'), 'error');
      return;
    }
    await createAppraisal(a);
  } },
    refused ? h('p', { class: 'error', role: 'alert', id: 'car-refused' }, t('car.refused'), ' ', refused.lastError || '') : null,
    h('h2', {}, t('car.title')),
    // The VIN's problems are the live check's lines below it, not repeated as the field's error.
    (() => { const f = field('car.vin', vinInput); if (errors.vin) f.classList.add('has-error'); return f; })(), vinNote,
    h('div', { class: 'grid2' },
      field('car.make', input('make'), { error: errors.make }),
      field('car.model', input('model'), { error: errors.model }),
      field('car.modelYear', input('modelYear', { inputmode: 'numeric', pattern: '[0-9]*', maxlength: 4 }), { error: errors.modelYear }),
      field('car.mileageKm', input('mileageKm', { inputmode: 'numeric', pattern: '[0-9]*' }), { error: errors.mileageKm }),
      field('car.colour', input('colour'), { error: errors.colour }),
      field('car.bodyType', select('bodyType', BODIES, (b) => t(`body.${b}`))),
      field('car.plate', input('plate', { autocapitalize: 'characters' }), { error: errors.plate }),
      field('car.ptsKind', select('ptsKind', ['electronic', 'paper'], (k) => t(`pts.${k}`))),
      field('car.ptsNumber', input('ptsNumber', { autocapitalize: 'characters' }), { error: errors.ptsNumber }),
      field('car.owners', input('owners', { inputmode: 'numeric', pattern: '[0-9]*' }), { error: errors.owners }),
      field('car.keys', input('keys', { inputmode: 'numeric', pattern: '[0-9]*' }), { error: errors.keys })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'car-serviceBook', checked: car.serviceBook,
      onchange: (ev) => { car.serviceBook = ev.target.checked; saveLocal(); } }), h('span', {}, t('car.serviceBook'))),
    h('h2', {}, t('seller')), sellerBox,
    h('button', { type: 'submit', class: 'primary big', id: 'car-save' }, t('car.save')));
  return form;
}

function validateCar(a) {
  const car = a.car;
  const e = {};
  const { issues } = checkVIN(car.vin);
  const vinError = issues.find((i) => i.level === 'error');
  if (vinError) e.vin = t(vinError.key, vinError.args);
  if (!String(car.make).trim()) e.make = t('rule.required', { field: t('car.make') });
  if (!String(car.model).trim()) e.model = t('rule.required', { field: t('car.model') });
  const year = Number(car.modelYear);
  const latest = new Date().getUTCFullYear() + 1;
  if (!/^\d{4}$/.test(String(car.modelYear)) || year < 1950 || year > latest) e.modelYear = t('rule.range', { field: t('car.modelYear'), min: 1950, max: latest });
  const km = Number(car.mileageKm);
  if (!/^\d+$/.test(String(car.mileageKm).replace(/\s/g, '')) || km > 3000000) e.mileageKm = t('rule.range', { field: t('car.mileageKm'), min: 0, max: 3000000 });
  const owners = Number(car.owners);
  if (!/^\d+$/.test(String(car.owners)) || owners < 1 || owners > 99) e.owners = t('rule.range', { field: t('car.owners'), min: 1, max: 99 });
  const keys = Number(car.keys);
  if (!/^\d+$/.test(String(car.keys)) || keys > 9) e.keys = t('rule.range', { field: t('car.keys'), min: 0, max: 9 });
  const pts = String(car.ptsNumber).toUpperCase().replace(/[\s-]/g, '');
  if (car.ptsKind === 'electronic' && !/^\d{15}$/.test(pts)) e.ptsNumber = t('rule.epts');
  if (car.ptsKind === 'paper' && !/^\d{2}[A-ZА-Я]{2}\d{6}$/.test(pts)) e.ptsNumber = t('rule.pts');
  if (String(car.plate).length > 12) e.plate = t('rule.max', { field: t('car.plate'), max: 12 });
  if (String(car.colour).length > 60) e.colour = t('rule.max', { field: t('car.colour'), max: 60 });
  if (!a.seller) e.seller = t('rule.seller');
  else if (a.seller.customerId === undefined) {
    if (!a.seller.name.trim()) e['seller.name'] = t('rule.required', { field: t('seller.name') });
    const phoneProblem = phoneRule(a.seller.phone);
    if (phoneProblem) e['seller.phone'] = t(phoneProblem.key, phoneProblem.args);
  }
  return e;
}

// The rule of KiteDomain PhoneNumber.normalize: 11 digits, +7 / 7 / 8 first; spaces,
// brackets, dots and hyphens allowed. Returns the problem (an i18n key) or null.
function phoneRule(text) {
  const value = String(text ?? '').trim();
  if (!value) return { key: 'rule.phone.empty', args: {} };
  let digits = '';
  let plus = false;
  for (const [index, c] of Array.from(value).entries()) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c === '+' && index === 0) plus = true;
    else if (![' ', '\u00a0', '(', ')', '-', '.', '\u2010', '\u2011', '\u2013'].includes(c)) return { key: 'rule.phone.char', args: { c } };
  }
  if (digits.length !== 11) return { key: 'rule.phone.digits', args: { count: digits.length } };
  if (!(digits[0] === '7' || (digits[0] === '8' && !plus))) return { key: 'rule.phone.start', args: {} };
  return null;
}

async function createAppraisal(a) {
  const car = a.car;
  a.happenedAt = sync.now();
  a.draft = false;
  a.errors = {};
  const seller = a.seller.customerId !== undefined ? { customerId: a.seller.customerId }
    : { name: clean(a.seller.name), phone: clean(a.seller.phone) };
  const body = {
    id: a.id, happenedAt: a.happenedAt, vin: normalizeVIN(car.vin), plate: String(car.plate).trim().toUpperCase(),
    make: car.make.trim(), model: car.model.trim(), modelYear: Number(car.modelYear),
    mileageKm: Number(String(car.mileageKm).replace(/\s/g, '')), colour: String(car.colour).trim(),
    ptsKind: car.ptsKind, ptsNumber: String(car.ptsNumber).toUpperCase().replace(/[\s-]/g, ''),
    owners: Number(car.owners), keys: Number(car.keys), serviceBook: !!car.serviceBook, bodyType: car.bodyType, seller,
  };
  await put('appraisals', a);
  await kv.del('draft');
  const refused = refusedCreate(a);
  if (refused) await sync.replace(refused.seq, body); // keeps its place: first of this appraisal
  else await sync.enqueue({ appraisalId: a.id, kind: 'create', method: 'POST', path: '/v1/appraisals', body });
  toast(t('saved.queued'));
  go(`#/a/${a.id}/checklist`);
}

function noChecklist() {
  return h('div', { class: 'card' }, h('p', { class: 'error' }, t('checklist.missing')));
}

// The checklist: each item ok / defect (severity 1–3) / n/a, with a note.
function stepChecklist() {
  const cl = app.checklist;
  if (!cl) return noChecklist();
  const a = current;
  const total = cl.sections.reduce((n, s) => n + s.items.length, 0);
  const counter = h('span', { id: 'checklist-count' });
  const updateCount = () => { counter.textContent = t('checklist.count', { done: Object.keys(a.answers).length, total }); };
  updateCount();
  const sections = cl.sections.map((section) => h('fieldset', { class: 'section' },
    h('legend', {}, loc(section.title)),
    section.items.map((item) => {
      const code = `${section.code}.${item.code}`;
      const box = h('div', { class: 'item', 'data-item': code });
      const draw = () => {
        const ans = a.answers[code];
        const pick = (value) => () => {
          if (value === 'defect') a.answers[code] = { answer: 'defect', severity: ans?.severity || 1, note: ans?.note || '' };
          else a.answers[code] = { answer: value, note: ans?.note || '' };
          a.checklistDirty = true;
          saveLocal(); draw(); updateCount();
        };
        const button = (value) => h('button', { type: 'button', class: `answer a-${value}` + (ans?.answer === value ? ' on' : ''),
          'aria-pressed': ans?.answer === value ? 'true' : 'false', 'data-answer': value, onclick: pick(value) }, t(`answer.${value}`));
        box.replaceChildren(
          h('p', { class: 'item-title' }, loc(item.title), item.photo ? h('span', { class: 'camera-mark icon-camera', title: t('checklist.photo'), 'aria-label': t('checklist.photo'), role: 'img' }) : null),
          h('div', { class: 'answers' }, button('ok'), button('defect'), button('na')));
        if (ans?.answer === 'defect') {
          box.append(h('div', { class: 'severity' }, [1, 2, 3].map((s) => h('button', { type: 'button',
            class: `sev sev-${s}` + (ans.severity === s ? ' on' : ''), 'data-severity': s,
            'aria-pressed': ans.severity === s ? 'true' : 'false',
            onclick: () => { ans.severity = s; a.checklistDirty = true; saveLocal(); draw(); } }, t(`severity.${s}`)))));
          // Every damage may be photographed; an item marked with the camera needs its photo.
          box.append(photoInput(a, 'damage', code, t('checklist.damagePhoto')));
        }
        if (ans) {
          box.append(h('input', { class: 'note', type: 'text', maxlength: 500, placeholder: t('checklist.note'), value: ans.note || '',
            oninput: (ev) => { ans.note = ev.target.value; a.checklistDirty = true; saveLocal(); } }));
        }
      };
      draw();
      return box;
    })));
  return h('div', { class: 'card' },
    h('div', { class: 'sticky-head' }, h('h2', {}, t('step.checklist')), counter),
    sections,
    h('button', { type: 'button', class: 'primary big', id: 'checklist-save', onclick: async () => {
      const answers = Object.entries(a.answers).map(([item, v]) => {
        const out = { item, answer: v.answer };
        if (v.answer === 'defect') out.severity = v.severity;
        const note = clean(v.note || '').slice(0, 500);
        if (note) out.note = note;
        return out;
      });
      if (!answers.length) { toast(t('checklist.none'), 'error'); return; }
      a.checklistDirty = false;
      await saveLocal();
      await sync.enqueue({ appraisalId: a.id, kind: 'checklist', method: 'PUT', path: `/v1/appraisals/${a.id}/checklist`,
                           body: { happenedAt: sync.now(), answers } });
      toast(t('saved.queued'));
      go(`#/a/${a.id}/paint`);
    } }, t('checklist.save')));
}

function thresholdsFor(cl, make) {
  const m = String(make || '').trim().toLowerCase();
  const special = (cl.paint.makes || []).find((x) => x.makes.some((n) => n.toLowerCase() === m));
  return special || cl.paint;
}

export function paintVerdict(microns, th) {
  if (microns <= th.factoryMax) return 'factory';
  if (microns <= th.repaintMax) return 'repainted';
  return 'filler';
}

const VERDICT_MARK = { factory: '✓', repainted: '!', filler: '✗' };

// Paint thickness per panel (the panels of the body type), flagged by the thresholds.
function stepPaint() {
  const cl = app.checklist;
  if (!cl) return noChecklist();
  const a = current;
  const car = { ...a.car, ...(a.server || {}) };
  const th = thresholdsFor(cl, car.make);
  const panels = cl.panels.filter((p) => !p.bodies || !p.bodies.length || p.bodies.includes(car.bodyType));
  const rows = panels.map((panel) => {
    const verdict = h('span', { class: 'verdict', 'aria-live': 'polite' });
    const show = () => {
      const v = a.paint[panel.code];
      if (v === undefined || v === '') { verdict.className = 'verdict'; verdict.textContent = ''; return; }
      const kind = paintVerdict(Number(v), th);
      verdict.className = `verdict v-${kind}`;
      verdict.textContent = `${VERDICT_MARK[kind]} ${t(`paint.${kind}`)}`;
    };
    const input = h('input', { id: `paint-${panel.code}`, type: 'number', inputmode: 'numeric', min: 0, max: 5000, step: 1,
      value: a.paint[panel.code] ?? '', placeholder: 'µm',
      oninput: (ev) => {
        const v = ev.target.value.trim();
        if (v === '') delete a.paint[panel.code]; else a.paint[panel.code] = Number(v);
        saveLocal(); show();
      } });
    show();
    return h('div', { class: 'paint-row' }, h('label', { for: input.id }, loc(panel.title)), input, verdict);
  });
  return h('div', { class: 'card' },
    h('h2', {}, t('step.paint')),
    h('p', { class: 'hint' }, t('paint.thresholds', { factory: th.factoryMax, repaint: th.repaintMax })),
    rows,
    h('button', { type: 'button', class: 'primary big', id: 'paint-save', onclick: async () => {
      const readings = Object.entries(a.paint).filter(([, v]) => Number.isInteger(v) && v >= 0 && v <= 5000)
        .map(([panel, microns]) => ({ panel, microns }));
      const bad = Object.entries(a.paint).find(([, v]) => !(Number.isInteger(v) && v >= 0 && v <= 5000));
      if (bad) { toast(t('paint.bad', { panel: bad[0] }), 'error'); return; }
      if (!readings.length) { toast(t('paint.none'), 'error'); return; }
      await sync.enqueue({ appraisalId: a.id, kind: 'paint', method: 'PUT', path: `/v1/appraisals/${a.id}/paint`,
                           body: { happenedAt: sync.now(), readings } });
      toast(t('saved.queued'));
      go(`#/a/${a.id}/photos`);
    } }, t('paint.save')));
}

// A camera button: the photo is hashed, kept in IndexedDB and queued for upload at once.
function photoInput(a, kind, item, label) {
  const id = `photo-${kind}${item ? '-' + item.replace('.', '-') : ''}`;
  const input = h('input', { type: 'file', accept: 'image/*', capture: 'environment', id, class: 'visually-hidden',
    onchange: async (ev) => {
      const file = ev.target.files && ev.target.files[0];
      if (!file) return;
      await addPhoto(a, kind, item, file);
      ev.target.value = '';
      render();
    } });
  return h('label', { class: 'button camera', for: id }, input, h('span', { class: 'icon-camera', 'aria-hidden': 'true' }), label);
}

async function addPhoto(shown, kind, item, file) {
  const a = current && current.id === shown.id ? current : shown;
  const bytes = await file.arrayBuffer();
  const head = new Uint8Array(bytes.slice(0, 12));
  let contentType = file.type;
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) contentType = 'image/jpeg';
  else if (head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47) contentType = 'image/png';
  else if (String.fromCharCode(...head.slice(4, 8)) === 'ftyp') contentType = 'image/heic';
  if (!PHOTO_TYPES.includes(contentType)) { toast(t('photo.type'), 'error'); return; }
  const photo = { id: sync.uuid(), kind, item: item || null, size: bytes.byteLength, contentType,
                  sha256: await sync.sha256Hex(bytes), happenedAt: sync.now(), received: 0, uploaded: false };
  await put('blobs', bytes, photo.id);
  const thumb = await thumbnail(file).catch(() => null);
  if (thumb) await put('blobs', thumb, `thumb:${photo.id}`);
  a.photos = a.photos || [];
  a.photos.push(photo);
  await saveLocal();
  await sync.enqueue({ appraisalId: a.id, kind: 'photo', photo: { ...photo } });
  toast(t('photo.queued'));
}

async function thumbnail(file) {
  const bitmap = await createImageBitmap(file);
  const scale = 160 / Math.max(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale); canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.7));
}

async function photoTile(p) {
  const thumb = await get('blobs', `thumb:${p.id}`);
  const img = thumb ? h('img', { src: URL.createObjectURL(thumb), alt: '' }) : h('span', { class: 'noimg icon-camera', 'aria-hidden': 'true' });
  return h('div', { class: 'tile' + (p.uploaded ? ' done' : ''), 'data-photo': p.id }, img, uploadLabel(p));
}

function uploadLabel(p) {
  const pct = p.uploaded ? 100 : Math.floor((p.received || 0) * 100 / p.size);
  return h('span', { class: 'upload' }, p.uploaded ? `✓ ${t('photo.sent')}` : `${t('photo.waiting')} ${pct}%`);
}

async function stepPhotos() {
  const cl = app.checklist;
  if (!cl) return noChecklist();
  const a = current;
  a.photos = a.photos || [];
  const rows = [];
  for (const ps of cl.photoSet) {
    const have = a.photos.filter((p) => p.kind === ps.code);
    rows.push(h('div', { class: 'photo-row' + (have.length ? ' has' : ''), 'data-kind': ps.code },
      h('div', { class: 'photo-title' }, h('strong', {}, have.length ? '✓ ' : '○ ', loc(ps.title))),
      h('div', { class: 'tiles' }, await Promise.all(have.map(photoTile))),
      photoInput(a, ps.code, null, have.length ? t('photo.again') : t('photo.take'))));
  }
  const damage = a.photos.filter((p) => p.kind === 'damage');
  const items = Object.fromEntries(cl.sections.flatMap((s) => s.items.map((i) => [`${s.code}.${i.code}`, i])));
  const defects = Object.entries(a.answers || {}).filter(([code, v]) => v.answer === 'defect' && items[code]);
  const missing = cl.photoSet.filter((ps) => !a.photos.some((p) => p.kind === ps.code)).length
    + defects.filter(([code]) => items[code].photo && !damage.some((p) => p.item === code)).length;
  const damageRows = [];
  for (const [code] of defects) {
    const have = damage.some((p) => p.item === code);
    damageRows.push(h('div', { class: 'photo-row' + (have ? ' has' : ''), 'data-item': code },
      h('div', { class: 'photo-title' }, h('strong', {}, have ? '✓ ' : items[code].photo ? '○ ' : '', loc(items[code].title)),
        items[code].photo && !have ? h('span', { class: 'hint' }, ' — ', t('checklist.photo')) : null),
      h('div', { class: 'tiles' }, await Promise.all(damage.filter((p) => p.item === code).map(photoTile))),
      photoInput(a, 'damage', code, t('checklist.damagePhoto'))));
  }
  return h('div', { class: 'card' },
    h('h2', {}, t('step.photos')),
    h('p', { id: 'photos-missing', class: missing ? 'warning' : 'ok' },
      missing ? t('photo.missing', { count: missing }) : t('photo.complete')),
    rows,
    h('h3', {}, t('photo.damage')),
    damageRows.length ? damageRows : h('p', { class: 'hint' }, t('photo.nodamage')),
    h('a', { class: 'button primary big', href: `#/a/${a.id}/offer` }, t('next'), ' ›'));
}

// The offer from the back office and the seller's answer (with the conflict rule).
function stepOffer() {
  const a = current;
  const s = a.server;
  const parts = [h('h2', {}, t('step.offer'))];
  if (a.conflict) {
    parts.push(h('div', { class: 'conflict', role: 'alert', id: 'offer-conflict' },
      h('strong', {}, t('offer.changed')), h('p', {}, t('offer.askAgain'))));
  }
  if (!s) {
    parts.push(h('p', { class: 'empty', id: 'offer-none' }, t('offer.notSent')));
    return h('div', { class: 'card' }, parts);
  }
  if (!s.offer) {
    parts.push(h('p', { class: 'empty', id: 'offer-none' }, t('offer.none')));
    return h('div', { class: 'card' }, parts);
  }
  const o = s.offer;
  parts.push(h('div', { class: 'offer', id: 'offer' },
    h('p', { class: 'amount big-amount', id: 'offer-amount' }, money(o.amount)),
    h('p', {}, t('offer.validUntil', { date: formatDate(o.validUntil) })),
    h('dl', { class: 'summary money' },
      [['offer.expectedRetail', o.breakdown?.expectedRetail], ['offer.reconditioning', o.breakdown?.reconditioning],
       ['offer.targetMargin', o.breakdown?.targetMargin], ['offer.holdingCost', o.breakdown?.holdingCost]]
        .filter(([, v]) => v !== undefined).map(([k, v]) => [h('dt', {}, t(k)), h('dd', {}, money(v))]))));
  if (a.pendingAnswer) {
    parts.push(h('p', { class: 'pending', id: 'answer-pending' },
      t(a.pendingAnswer.accepted ? 'offer.acceptedWaiting' : 'offer.declinedWaiting')));
  } else if (s.state === 'offered' || s.state === 'approved') {
    const reason = h('textarea', { id: 'decline-reason', maxlength: 500, rows: 3 });
    const reasonError = h('p', { class: 'error', role: 'alert', hidden: true });
    const answer = async (accepted) => {
      if (!accepted && !reason.value.trim()) {
        reasonError.textContent = t('rule.required', { field: t('offer.reason') });
        reasonError.hidden = false;
        return;
      }
      if (accepted && !confirm(t('offer.confirmAccept', { amount: money(o.amount) }))) return;
      const body = { happenedAt: sync.now(), accepted, offerVersion: o.version };
      if (!accepted) body.reason = clean(reason.value).slice(0, 500);
      a.pendingAnswer = { accepted, offerVersion: o.version };
      a.conflict = null;
      await update('appraisals', a.id, (stored) => ({ ...stored, pendingAnswer: a.pendingAnswer, conflict: null }));
      await sync.enqueue({ appraisalId: a.id, kind: 'answer', method: 'POST', path: `/v1/appraisals/${a.id}/answer`, body });
      render();
    };
    parts.push(h('div', { class: 'answer-box' },
      h('button', { type: 'button', class: 'primary big accept', id: 'offer-accept', onclick: () => answer(true) }, t('offer.accept')),
      field('offer.reason', reason), reasonError,
      h('button', { type: 'button', class: 'danger big', id: 'offer-decline', onclick: () => answer(false) }, t('offer.decline'))));
  } else if (s.state === 'awaiting_approval') {
    parts.push(h('p', { class: 'hint' }, t('offer.awaiting')));
  } else if (s.state === 'declined' && s.declineReason) {
    parts.push(h('p', {}, t('offer.reason'), ': ', s.declineReason));
  }
  return h('div', { class: 'card' }, parts);
}

// ---- the outbox ---------------------------------------------------------------------------

async function viewOutbox() {
  const entries = await sync.waiting();
  const appraisals = Object.fromEntries((await all('appraisals')).map((a) => [a.id, a]));
  const rows = entries.map((e) => {
    const a = appraisals[e.appraisalId];
    const c = a ? carOf(a) : {};
    const what = e.kind === 'photo' ? `${t('outbox.photo')}: ${e.photo.kind === 'damage' ? t('photo.damage') : loc(app.checklist?.photoSet.find((p) => p.code === e.photo.kind)?.title) || e.photo.kind}`
      : t(`outbox.${e.kind}`);
    const pct = e.kind === 'photo' && a ? (() => { const p = a.photos?.find((x) => x.id === e.photo.id); return p ? Math.floor((p.received || 0) * 100 / p.size) : 0; })() : null;
    return h('li', { class: 'row' + (e.state === 'failed' ? ' failed' : ''), 'data-seq': e.seq },
      h('span', { class: 'row-main' },
        h('strong', {}, what, pct !== null ? ` · ${pct}%` : ''),
        h('span', {}, c.number || [c.make, c.model].filter(Boolean).join(' ') || e.appraisalId.slice(0, 8)),
        h('span', { class: 'hint' }, formatTime(e.createdAt), e.attempts ? ` · ${t('outbox.attempts', { count: e.attempts })}` : ''),
        e.lastError ? h('span', { class: e.state === 'failed' ? 'error' : 'hint' }, e.lastError === 'offline' ? t('outbox.offline') : e.lastError) : null,
        e.errorCode ? h('span', { class: 'hint mono' }, e.errorCode) : null),
      e.state === 'failed' ? h('button', { type: 'button', class: 'secondary', onclick: () => sync.retry(e.seq) }, t('outbox.retry')) : null);
  });
  return h('section', {},
    h('h2', {}, t('outbox.title')),
    h('p', { id: 'outbox-summary' }, entries.length ? t('outbox.count', { count: entries.length }) : t('outbox.empty')),
    sync.status.lastSync ? h('p', { class: 'hint' }, t('outbox.lastSync', { time: formatTime(sync.status.lastSync) })) : null,
    h('ul', { class: 'rows', id: 'outbox-list' }, rows),
    h('button', { type: 'button', class: 'primary big', id: 'sync-now', onclick: () => { sync.kick(); toast(t('outbox.sending')); } }, t('outbox.send')),
    h('a', { class: 'button secondary big', href: '#/list' }, t('back')));
}

function formatTime(iso) {
  return new Date(iso).toLocaleString(lang() === 'ru' ? 'ru-RU' : 'en-GB', { hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit' });
}

// ---- start --------------------------------------------------------------------------------

async function main() {
  const saved = await kv.get('lang');
  setLang(saved || ((navigator.language || 'ru').toLowerCase().startsWith('ru') ? 'ru' : (LANGS.includes((navigator.language || '').slice(0, 2)) ? navigator.language.slice(0, 2) : 'en')));
  sync.setLanguage(lang());
  const token = await kv.get('token');
  app.me = token ? await kv.get('me') : null;
  app.checklist = await kv.get('checklist');
  if (token) sync.setToken(token);

  $('#lang-button').addEventListener('click', async () => {
    setLang(lang() === 'ru' ? 'en' : 'ru');
    sync.setLanguage(lang());
    await kv.set('lang', lang());
    render();
  });
  $('#outbox-button').addEventListener('click', () => go('#/outbox'));
  // The red banner leads to what fixes it: the waiting list, or a new sign-in for a refused token.
  $('#problem-banner').addEventListener('click', async () => {
    if (!sync.status.authFailed) { go('#/outbox'); return; }
    await kv.del('token'); await kv.del('me');
    sync.setToken(null);
    app.me = null;
    go('#/');
  });
  window.addEventListener('hashchange', () => render());

  let pending = null;
  const rerenderSoon = (what) => {
    refreshFrame();
    refreshHead();
    // Redraw the view only where it shows what changed, and never under the user's typing.
    const view = app.route.view;
    const redraw = view === 'outbox' || (view === 'list' && ['outbox', 'pulled', 'conflict'].includes(what)) ||
      (view === 'appraisal' && app.route.step === 'offer' && ['pulled', 'conflict', 'outbox'].includes(what));
    if (!redraw || document.activeElement?.matches('input, textarea, select')) return;
    clearTimeout(pending);
    pending = setTimeout(() => render(false), 150);
  };
  sync.onChange(async (what) => {
    if (what === 'checklist') app.checklist = await kv.get('checklist');
    if (what === 'conflict') toast(t('offer.changed'), 'error');
    rerenderSoon(what);
  });
  window.addEventListener('online', () => {
    refreshFrame();
    if (app.me && app.me.unverified) {
      sync.api('GET', '/v1/me').then(async (me) => { app.me = me; await kv.set('me', me); render(); }).catch(() => {});
    }
  });
  window.addEventListener('offline', () => refreshFrame());

  if (app.me && app.me.unverified && navigator.onLine) {
    sync.api('GET', '/v1/me').then(async (me) => { app.me = me; await kv.set('me', me); render(); }).catch(() => {});
  }
  await render();
  sync.start();
  document.body.dataset.ready = 'true';

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => {});
  }
}

main();
