{% autoescape off %}// Psoas Tracker's service worker (served by psoas_tracker.views.service_worker).
// It keeps one thing: the offline page and its CSS, for when a page cannot be fetched. Every
// other request goes to the network as if this file did not exist, so nothing private is cached.
"use strict";

const CACHE = "psoas-offline-{{ version }}";
const OFFLINE_URL = "{{ offline_url }}";
const ASSETS = [OFFLINE_URL{% for asset in assets %}, "{{ asset }}"{% endfor %}];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(ASSETS.map((url) => new Request(url, { credentials: "omit" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.mode !== "navigate" || request.method !== "GET") return;
  event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL)));
});
{% endautoescape %}
