// The API client, the outbox and the sync loop.
//
// Every write goes into the outbox first (IndexedDB) with an Idempotency-Key made once;
// `drain()` sends the entries in order when the network is there, retrying with backoff,
// and a retry reuses the key, so the server does each write once. `pull()` asks
// GET /v1/sync?since=CURSOR for what the back office changed (offers, approvals, checks).

import { all, del, get, kv, put, update } from './db.js';

export const CHUNK = 512 * 1024;

export class APIError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || `http_${status}`;
    this.field = error.field;
    this.received = error.received;
    this.appraisal = error.appraisal;
  }
  /** Worth trying again later: the server is busy or broken, not the request. */
  get retryable() { return this.status === 429 || this.status >= 500 || this.status === 408; }
}

/** The network is not there (fetch rejected): not the server's answer. */
export class OfflineError extends Error {}

let token = null;
let language = 'ru';
export function setToken(value) { token = value; }
export function setLanguage(value) { language = value; }

export async function api(method, path, { body, key, bytes } = {}) {
  const headers = { 'Accept': 'application/json', 'Accept-Language': language };
  if (token) headers['Authorization'] = `Bearer ${token}`;
  if (key) headers['Idempotency-Key'] = key;
  let payload;
  if (bytes !== undefined) {
    headers['Content-Type'] = 'application/octet-stream';
    payload = bytes;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, cache: 'no-store' });
  } catch (e) {
    throw new OfflineError(String(e && e.message || e));
  }
  let json = null;
  const text = await response.text().catch(() => '');
  if (text) { try { json = JSON.parse(text); } catch { json = null; } }
  if (!response.ok) throw new APIError(response.status, json);
  return json;
}

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function now() { return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'); }

export async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest('SHA-256', buffer);
  return Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, '0')).join('');
}

// ---- the outbox -------------------------------------------------------------------------

const listeners = new Set();
export function onChange(listener) { listeners.add(listener); }
function changed(what) { for (const l of listeners) l(what); }

/** Adds a write: `{appraisalId, kind, method, path, body}` or a photo `{kind:'photo', photo}`. */
export async function enqueue(entry) {
  const full = { key: uuid(), createdAt: now(), attempts: 0, state: 'waiting', lastError: null, ...entry };
  await put('outbox', full);
  changed('outbox');
  kick();
  return full;
}

export async function waiting() {
  return (await all('outbox')).sort((a, b) => a.seq - b.seq);
}

let draining = false;
let backoff = 0;
let timer = null;
export const status = { online: navigator.onLine, lastSync: null, lastError: null, authFailed: false, sending: null };

function schedule(ms) {
  clearTimeout(timer);
  timer = setTimeout(() => kick(), ms);
}

/** Sends the outbox and pulls, unless already running; safe to call any time. */
export function kick() {
  // Offline for sure: wait for the `online` event (a phone in a garage saves its battery).
  if (!token || !navigator.onLine) return;
  drain().then(pull).catch(() => {});
}

async function saveServerAppraisal(appraisal) {
  if (!appraisal || !appraisal.id) return;
  await update('appraisals', appraisal.id, (local) => ({ ...(local || { id: appraisal.id, fromServer: true }), server: appraisal }));
}

async function drain() {
  if (draining || !token) return;
  draining = true;
  let progressed = false;
  try {
    const entries = await waiting();
    const blocked = new Set();
    for (const entry of entries) {
      if (entry.state === 'failed') { blocked.add(entry.appraisalId); continue; }
      if (blocked.has(entry.appraisalId)) continue;
      status.sending = entry.seq;
      changed('sending');
      try {
        await send(entry);
        await del('outbox', entry.seq);
        progressed = true;
        backoff = 0;
        status.online = true;
        status.lastError = null;
        changed('outbox');
      } catch (e) {
        entry.attempts += 1;
        if (e instanceof OfflineError || (e instanceof APIError && e.retryable)) {
          entry.lastError = e instanceof OfflineError ? 'offline' : `${e.status} ${e.message}`;
          await put('outbox', entry);
          status.lastError = entry.lastError;
          if (e instanceof OfflineError) status.online = false;
          backoff = Math.min(backoff ? backoff * 2 : 1000, 60000);
          schedule(backoff);
          changed('outbox');
          return;
        }
        if (e instanceof APIError && e.status === 401) {
          entry.lastError = `${e.status} ${e.message}`;
          await put('outbox', entry);
          status.authFailed = true;
          changed('auth');
          return;
        }
        if (e instanceof APIError && e.code === 'offer_changed' && entry.kind === 'answer') {
          // The conflict rule: the back office changed the offer since the seller saw it.
          // The answer is dropped; the phone shows the new offer and asks again.
          await saveServerAppraisal(e.appraisal);
          await update('appraisals', entry.appraisalId, (local) => local && {
            ...local, pendingAnswer: null,
            conflict: { message: e.message, answeredVersion: entry.body.offerVersion, at: now() },
          });
          await del('outbox', entry.seq);
          changed('conflict');
          continue;
        }
        entry.state = 'failed';
        entry.lastError = e instanceof APIError ? e.message : String(e);
        entry.errorCode = e instanceof APIError ? `${e.status} ${e.code}` : null;
        await put('outbox', entry);
        blocked.add(entry.appraisalId);
        changed('outbox');
      }
    }
  } finally {
    draining = false;
    status.sending = null;
    if (progressed) changed('outbox');
  }
}

async function send(entry) {
  if (entry.kind === 'photo') return sendPhoto(entry);
  const result = await api(entry.method, entry.path, { body: entry.body, key: entry.key });
  await saveServerAppraisal(result);
  if (entry.kind === 'answer') {
    await update('appraisals', entry.appraisalId, (local) => local && { ...local, pendingAnswer: null, conflict: null });
  }
  return result;
}

/** Opens (or reopens) the upload, then sends 512 KiB chunks from what the server has. */
async function sendPhoto(entry) {
  const photo = entry.photo;
  const bytes = await get('blobs', photo.id);
  if (!bytes) throw new APIError(400, { error: { code: 'photo_lost', message: 'the photo is no longer on the phone' } });
  let state;
  if (!entry.opened) {
    state = await api('POST', `/v1/appraisals/${entry.appraisalId}/photos`, {
      key: entry.key,
      body: { id: photo.id, kind: photo.kind, item: photo.item || undefined, sha256: photo.sha256,
              size: photo.size, contentType: photo.contentType, happenedAt: photo.happenedAt },
    });
    entry.opened = true;
    await put('outbox', entry);
  } else {
    state = await api('GET', `/v1/photos/${photo.id}`);
  }
  let received = state.received;
  while (!state.complete) {
    const chunk = bytes.slice(received, Math.min(received + CHUNK, photo.size));
    try {
      state = await api('PUT', `/v1/photos/${photo.id}?offset=${received}`, { bytes: chunk });
    } catch (e) {
      if (e instanceof APIError && e.status === 409 && typeof e.received === 'number') {
        received = e.received; // resume from what the server has
        continue;
      }
      throw e;
    }
    received = state.received;
    await markPhoto(entry.appraisalId, photo.id, { received });
    changed('progress');
  }
  await markPhoto(entry.appraisalId, photo.id, { received: photo.size, uploaded: true });
  await del('blobs', photo.id);
  return state;
}

async function markPhoto(appraisalId, photoId, fields) {
  await update('appraisals', appraisalId, (local) => {
    const photo = local?.photos?.find((p) => p.id === photoId);
    if (!photo) return undefined;
    Object.assign(photo, fields);
    return local;
  });
}

/** A refused entry corrected by the user: a new body, so a new Idempotency-Key; its place stays. */
export async function replace(seq, body) {
  const entry = await get('outbox', seq);
  if (!entry) return;
  Object.assign(entry, { body, key: uuid(), state: 'waiting', attempts: 0, lastError: null });
  await put('outbox', entry);
  changed('outbox');
  kick();
}

/** Retries a failed entry (after the user has read why it failed). */
export async function retry(seq) {
  const entry = await get('outbox', seq);
  if (!entry) return;
  entry.state = 'waiting';
  await put('outbox', entry);
  changed('outbox');
  kick();
}

// ---- pulling what the back office changed -------------------------------------------------

let pulling = false;
export async function pull() {
  if (pulling || !token) return;
  pulling = true;
  try {
    const cursor = await kv.get('cursor');
    const path = cursor ? `/v1/sync?since=${encodeURIComponent(cursor)}` : '/v1/sync';
    const result = await api('GET', path);
    for (const appraisal of result.appraisals || []) await saveServerAppraisal(appraisal);
    await kv.set('cursor', result.cursor);
    status.online = true;
    status.lastSync = now();
    const checklist = await kv.get('checklist');
    if (!checklist || checklist.version !== result.checklistVersion) await fetchChecklist();
    changed('pulled');
  } catch (e) {
    if (e instanceof OfflineError) { status.online = false; changed('offline'); }
    else if (e instanceof APIError && e.status === 401) { status.authFailed = true; changed('auth'); }
  } finally {
    pulling = false;
  }
}

export async function fetchChecklist() {
  const checklist = await api('GET', '/v1/checklist');
  await kv.set('checklist', checklist);
  changed('checklist');
  return checklist;
}

let loop = null;
export function start() {
  window.addEventListener('online', () => { status.online = true; backoff = 0; changed('online'); kick(); });
  window.addEventListener('offline', () => { status.online = false; changed('offline'); });
  clearInterval(loop);
  loop = setInterval(() => { if (navigator.onLine) kick(); }, 20000);
  kick();
}
