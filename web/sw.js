// The service worker: the app shell comes from the cache, so the app opens without a
// network; the API (/v1/…) is never cached here — the app keeps its data in IndexedDB.
// Bump VERSION when a shell file changes: the new worker takes over on the next start.
const VERSION = 'kite-app-v1';
const SHELL = ['./', './index.html', './app.css', './app.js', './db.js', './i18n.js', './sync.js', './vin.js',
               './manifest.webmanifest', './icons/icon.svg', './icons/icon-192.png', './icons/icon-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (!url.pathname.startsWith(new URL(self.registration.scope).pathname)) return; // /v1/… goes to the network
  // Network first for the shell (a fresh deploy is seen at once), the cache when offline.
  event.respondWith(
    fetch(event.request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(VERSION).then((cache) => cache.put(event.request, copy));
      }
      return response;
    }).catch(() => caches.match(event.request, { ignoreSearch: true })
      .then((hit) => hit || caches.match('./index.html'))));
});
