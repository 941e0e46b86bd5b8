{% autoescape off %}// Psoas Tracker's service worker (served by psoas_tracker.views.service_worker).
// It keeps three things in the browser's Cache Storage, the runner's own (cleared at log-out by
// the Clear-Site-Data header and static/js/outbox.js):
// - the offline page and the scripts and CSS every page needs, from install;
// - the static files a page loaded (the stretches' pictures), answered from the network first;
// - today's pages once opened (PAGE_PATHS, PAGE_PREFIXES), each marked with the day it was
//   fetched and shown offline that day only: a page of yesterday would log today's taps and
//   sets on yesterday.
// Every other request goes to the network as if this file did not exist. A form post is never
// answered from a cache: static/js/outbox.js keeps what could not be sent.
"use strict";

const VERSION = "{{ version }}";
const SHELL = "psoas-shell-" + VERSION;
const STATIC = "psoas-static-" + VERSION;
const PAGES = "psoas-pages";
const OFFLINE_URL = "{{ offline_url }}";
const LOGIN_URL = "{{ login_url }}";
const STATIC_URL = "{{ static_url }}";
const ASSETS = [OFFLINE_URL{% for asset in assets %}, "{{ asset }}"{% endfor %}];
const PAGE_PATHS = [{% for path in page_paths %}"{{ path }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const PAGE_PREFIXES = [{% for prefix in page_prefixes %}"{{ prefix }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const CACHED_ON = "X-Psoas-Cached-On";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL)
      .then((cache) => cache.addAll(ASSETS.map((url) => new Request(url, { credentials: "omit" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  const kept = [SHELL, STATIC, PAGES];
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => !kept.includes(key)).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

// The device's own day, e.g. "2026-12-07".
function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
}

function isTodaysPage(url) {
  return PAGE_PATHS.includes(url.pathname) || PAGE_PREFIXES.some((prefix) => url.pathname.startsWith(prefix));
}

async function keepPage(request, response) {
  const body = await response.clone().blob();
  const headers = new Headers(response.headers);
  headers.set(CACHED_ON, today());
  const cache = await caches.open(PAGES);
  await cache.put(request.url, new Response(body, { status: response.status, statusText: response.statusText, headers }));
}

async function todaysCopy(url, request) {
  if (!isTodaysPage(url)) return undefined;
  const kept = await (await caches.open(PAGES)).match(request.url);
  return kept && kept.headers.get(CACHED_ON) === today() ? kept : undefined;
}

async function page(request, url) {
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    return (await todaysCopy(url, request)) || caches.match(OFFLINE_URL);
  }
  if (response.status >= 500) return (await todaysCopy(url, request)) || response; // the server is down
  if (new URL(response.url || request.url).pathname === LOGIN_URL) {
    // Signed out (a session that expired): no page of the person before stays on the device.
    await caches.delete(PAGES);
  } else if (isTodaysPage(url) && response.ok && !response.redirected && response.type === "basic") {
    await keepPage(request, response);
  }
  return response;
}

async function asset(request) {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") {
      const copy = response.clone();
      caches.open(STATIC).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (error) {
    const kept = await caches.match(request, { ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  } else if (url.pathname.startsWith(STATIC_URL)) {
    event.respondWith(asset(request));
  }
});
{% endautoescape %}
