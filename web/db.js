// IndexedDB: everything the phone keeps. Stores:
//   kv          settings and caches (token, me, checklist, sync cursor, language)
//   appraisals  the appraisals made on this phone and those the server sent (by UUID)
//   outbox      writes not yet accepted by the server, in order (seq), each with its
//               Idempotency-Key made once and reused on every retry
//   blobs       photo bytes until the server has them all (by photo UUID)

const NAME = 'kite-appraiser';
const VERSION = 1;
let opened = null;

function open() {
  if (opened) return opened;
  opened = new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('kv');
      db.createObjectStore('appraisals', { keyPath: 'id' });
      const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      outbox.createIndex('appraisal', 'appraisalId');
      db.createObjectStore('blobs');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function store(name, mode = 'readonly') {
  const db = await open();
  return db.transaction(name, mode).objectStore(name);
}

export async function get(storeName, key) { return done((await store(storeName)).get(key)); }
export async function put(storeName, value, key) {
  const s = await store(storeName, 'readwrite');
  return done(key === undefined ? s.put(value) : s.put(value, key));
}
export async function del(storeName, key) { return done((await store(storeName, 'readwrite')).delete(key)); }
export async function all(storeName) { return done((await store(storeName)).getAll()); }
export async function clear(storeName) { return done((await store(storeName, 'readwrite')).clear()); }

export const kv = {
  get: (key) => get('kv', key),
  set: (key, value) => put('kv', value, key),
  del: (key) => del('kv', key),
};

/** Reads, changes and writes one record in a single transaction: `change(old)` returns the new one. */
export async function update(storeName, key, change) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeName, 'readwrite');
    const s = tx.objectStore(storeName);
    let result;
    const read = s.get(key);
    read.onsuccess = () => {
      result = change(read.result);
      if (result !== undefined) s.put(result);
    };
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}
