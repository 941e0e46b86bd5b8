// The phone's outbox: writes made without signal are kept in IndexedDB and sent, in the order they
// were made, once the phone is back online (or at the next page load). Attached by data attributes:
//   [data-outbox="tap|set|finish|check|walk"] on a form whose htmx requests it keeps (quick-adds, the
//   session's checklist, its Finish form, the dashboard's next-morning check, a walk-run logged); [data-outbox="test"] on the weekly test form (a plain form post,
//   kept as a draft); [data-outbox-status] in the base template, the badge and the refusals.
// Every write carries a fresh key (idempotency_key, psoas_tracker/outbox.py) so that one sent twice
// (its answer lost on the way) is saved once. A write the server refuses when it arrives (the
// `outbox:refused` event in HX-Trigger) stays, with its message, until the runner has seen it.
// Without this file (or without IndexedDB) the pages work online as before.

const status = document.querySelector("[data-outbox-status]");
const DATABASE = "psoas-outbox";
const STORE = "writes";
const WORDS = {
  tap: ["tap", "taps"],
  set: ["set", "sets"],
  finish: ["finished session", "finished sessions"],
  test: ["test", "tests"],
  check: ["morning check", "morning checks"],
  walk: ["walk-run", "walk-runs"],
};
const RETRY_MS = 15000;

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// IndexedDB, one store of writes in the order they were made (an auto-incremented id).
function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore(mode, action) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const result = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      transaction.onerror = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

const all = () => withStore("readonly", (store) => store.getAll());
const add = (write) => withStore("readwrite", (store) => store.add(write));
const put = (write) => withStore("readwrite", (store) => store.put(write));
const remove = (id) => withStore("readwrite", (store) => store.delete(id));

// Only the writes of the person signed in on this page are sent or shown.
async function mine() {
  const user = status.dataset.outboxUser;
  return (await all()).filter((write) => write.user === user).sort((a, b) => a.id - b.id);
}

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch (error) {
    return "";
  }
}

function counted(n, kind) {
  return `${n} ${WORDS[kind][n === 1 ? 0 : 1]}`;
}

function listed(parts) {
  return parts.length < 2 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

// Whether anything is kept on this phone, for static/js/app.js, which loads this file on every
// page while it is so (and otherwise only on the pages that keep writes).
function markWaiting(kept) {
  try {
    if (kept) localStorage.setItem("psoas-outbox-waiting", "1");
    else localStorage.removeItem("psoas-outbox-waiting");
  } catch (error) {
    // No storage: app.js then loads this file everywhere.
  }
}

// The badge ("2 taps waiting to send") and the refused writes, each with its message.
async function render() {
  const writes = await mine();
  markWaiting((await all()).length > 0);
  const waiting = writes.filter((write) => write.state === "waiting");
  const badge = status.querySelector("[data-outbox-badge]");
  const kinds = Object.keys(WORDS).filter((kind) => waiting.some((write) => write.kind === kind));
  const text = kinds.length
    ? `${listed(kinds.map((kind) => counted(waiting.filter((w) => w.kind === kind).length, kind)))} waiting to send`
    : "";
  if (badge.textContent !== text) badge.textContent = text;
  status.classList.toggle("is-waiting", waiting.length > 0);
  const list = status.querySelector("[data-outbox-refused]");
  const refused = writes.filter((w) => w.state === "refused");
  const shown = refused.map((write) => write.id).join(" ");
  if (list.dataset.shown === shown) return; // an alert said again is heard again
  list.dataset.shown = shown;
  list.textContent = "";
  for (const write of refused) {
    const item = document.createElement("p");
    item.className = "message message-error";
    item.textContent = `Sent from this phone: ${write.message} `; // "...: nothing added."
    if (write.kind === "test" && location.pathname !== write.page) {
      const link = document.createElement("a");
      link.href = write.page;
      link.textContent = "Open the kept test";
      item.append(link, " ");
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.textContent = "Dismiss";
    button.addEventListener("click", async () => {
      await remove(write.id);
      render();
    });
    item.append(button);
    list.append(item);
  }
}

function say(node) {
  const sent = status.querySelector("[data-outbox-sent]");
  sent.textContent = "";
  sent.append(node);
}

// Keeps one write. `page` is where it was made: the test form refills itself from its draft there.
async function keep(kind, url, body, label, target) {
  const id = await add({
    kind,
    url,
    body: body.toString(),
    label,
    target: target || "",
    page: location.pathname,
    user: status.dataset.outboxUser,
    state: "waiting",
    message: "",
    madeAt: new Date().toISOString(),
  });
  await render();
  return id;
}

function refusal(response) {
  try {
    const events = JSON.parse(response.headers.get("HX-Trigger") || "{}");
    return events["outbox:refused"] ? events["outbox:refused"].message || "Not saved: the server refused it." : null;
  } catch (error) {
    return null;
  }
}

// One kept write, sent. "sent", "refused", or "stop" (no network, signed out, the server down):
// the write stays and the ones after it wait, so that they arrive in order.
async function send(write) {
  const body = new URLSearchParams(write.body);
  if (body.has("csrfmiddlewaretoken")) body.set("csrfmiddlewaretoken", csrfToken());
  const headers = { "X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded" };
  if (write.kind !== "test") headers["HX-Request"] = "true";
  let response;
  try {
    response = await fetch(write.url, { method: "POST", body, headers, credentials: "same-origin" });
  } catch (error) {
    return "stop";
  }
  if (new URL(response.url).pathname === status.dataset.outboxLoginUrl) {
    say(document.createTextNode("Log in again to send what is waiting."));
    return "stop";
  }
  const message = refusal(response) || (response.status >= 400 && response.status < 500 && response.status !== 403
    ? `Not saved: the server refused it (${response.status}).`
    : null);
  if (message) {
    await put({ ...write, state: "refused", message });
    return "refused";
  }
  if (!response.ok) return "stop";
  await remove(write.id);
  await arrived(write, response);
  return "sent";
}

// What a write's answer changes on the page on screen.
async function arrived(write, response) {
  const html = await response.text();
  if (write.kind === "test") return testArrived(write, response, html);
  const target = write.target || { tap: "#today-counts", set: "#progress", finish: "#finish", check: "#morning-check", walk: "#back-to-running" }[write.kind];
  const swap = write.kind === "set" ? "innerHTML" : "outerHTML";
  if (window.htmx && document.querySelector(target) && location.pathname === write.page) {
    window.htmx.swap(target, html, { swapStyle: swap });
  }
}

// A test kept offline arrived: its result, in words, with a link to it; on the test form where it
// was kept, the result page itself.
function testArrived(write, response, html) {
  if (location.pathname === write.page && document.querySelector('form[data-outbox="test"]')) {
    location.assign(response.url);
    return;
  }
  const result = new DOMParser().parseFromString(html, "text/html");
  const line = document.createElement("p");
  line.className = "message message-success";
  const verdict = result.querySelector("[data-outbox-verdict]");
  line.textContent = `Your test of ${write.label} was sent and saved.${verdict ? ` ${verdict.textContent.trim()}` : ""} `;
  const link = document.createElement("a");
  link.href = response.url;
  link.textContent = "See the result";
  line.append(link);
  say(line);
}

let sending = null;
let retry = null;
let waitingNow = 0; // writes waiting, at hand for htmx:beforeRequest, which cannot wait for IndexedDB

// Sends what waits, in order, one at a time across tabs (the Web Locks API where there is one),
// until nothing waits or the network or the server stops it (then it tries again later).
function flush() {
  if (!navigator.onLine) return Promise.resolve();
  if (!sending) {
    const run = async () => {
      for (;;) {
        const next = (await mine()).find((write) => write.state === "waiting");
        if (!next) return;
        if ((await send(next)) === "stop") {
          clearTimeout(retry);
          retry = setTimeout(flush, RETRY_MS);
          return;
        }
      }
    };
    const locked = navigator.locks ? navigator.locks.request(DATABASE, run) : run();
    sending = locked.catch(() => {}).then(async () => {
      waitingNow = await waitingCount();
      sending = null;
      await render();
    });
  }
  return sending;
}

async function waitingCount() {
  return (await mine()).filter((write) => write.state === "waiting").length;
}

// htmx writes: a key on each; kept instead of sent when there is no network or writes are waiting
// (so that they arrive after those), kept too when the network fails on the way.
const outboxForm = (elt) => elt && elt.closest && elt.closest("[data-outbox]");

document.addEventListener("htmx:configRequest", (event) => {
  const form = outboxForm(event.detail.elt);
  if (!form || form.dataset.outbox === "test" || event.detail.verb !== "post") return;
  event.detail.formData.set("idempotency_key", newKey());
}, true);

function keptFrom(event) {
  const form = outboxForm(event.detail.elt);
  const config = event.detail.requestConfig;
  const body = new URLSearchParams();
  for (const [name, value] of config.formData) body.append(name, value);
  const label = form.dataset.outbox === "tap" && config.triggeringEvent && config.triggeringEvent.submitter
    ? config.triggeringEvent.submitter.textContent.trim()
    : "";
  // Where its answer goes: the element's own hx-target (a strength rating's line, not the
  // session's progress line its form shares).
  const target = event.detail.target && event.detail.target.id ? `#${event.detail.target.id}` : "";
  keep(form.dataset.outbox, config.path, body, label, target).then(() => {
    event.detail.elt.dispatchEvent(new CustomEvent("outbox:kept", { bubbles: true, detail: { kind: form.dataset.outbox } }));
    // Online, it was kept behind writes still waiting (or the network failed): send it after them.
    if (navigator.onLine) (sending || Promise.resolve()).then(flush);
  });
}

document.addEventListener("htmx:beforeRequest", (event) => {
  const form = outboxForm(event.detail.elt);
  if (!form || form.dataset.outbox === "test" || event.detail.requestConfig.verb !== "post") return;
  if (navigator.onLine && !waitingNow && !sending) return;
  event.preventDefault();
  event.detail.keptByOutbox = true;
  waitingNow += 1;
  keptFrom(event);
}, true);

// Undo while taps wait on the phone takes back the last of them there (the server's undo would
// take back an earlier one); without signal and nothing waiting, it says to wait.
document.addEventListener("htmx:beforeRequest", (event) => {
  const elt = event.detail.elt;
  if (!elt || !elt.closest || !elt.closest("[data-outbox-undo]")) return;
  if (navigator.onLine && !waitingNow && !sending) return;
  event.preventDefault();
  undoKeptTap();
}, true);

async function undoKeptTap() {
  const tap = (await mine()).filter((write) => write.kind === "tap" && write.state === "waiting").at(-1);
  const line = document.createElement("p");
  line.className = "message message-success";
  if (tap) {
    await remove(tap.id);
    waitingNow = Math.max(0, waitingNow - 1);
    line.textContent = `Undone: ${tap.label || "the last tap"} (it had not been sent).`;
  } else {
    line.textContent = "No signal: undo the last tap once the phone is back online.";
  }
  say(line);
  await render();
}

function failedOnTheWay(event) {
  const form = outboxForm(event.detail.elt);
  if (!form || form.dataset.outbox === "test") return;
  const xhr = event.detail.xhr;
  if (event.type === "htmx:responseError" && xhr && xhr.status < 500) return; // the server answered
  event.detail.keptByOutbox = true; // session.js: not "tick it again"
  waitingNow += 1;
  keptFrom(event);
}
document.addEventListener("htmx:sendError", failedOnTheWay, true);
document.addEventListener("htmx:responseError", failedOnTheWay, true);

// The weekly test: sent as a plain form when there is signal (with its key, so a double send saves
// it once); without, kept as a draft that fills the form again when it is opened.
function enableTestForm(form) {
  const key = document.createElement("input");
  key.type = "hidden";
  key.name = "idempotency_key";
  key.value = newKey();
  form.append(key);
  let refilledFrom = null;
  form.addEventListener("submit", async (event) => {
    const draft = refilledFrom;
    refilledFrom = null;
    if (navigator.onLine && draft === null) return; // sent now, by the form itself
    event.preventDefault();
    if (draft !== null) await remove(draft);
    if (navigator.onLine) {
      form.submit(); // the draft goes first, so that it does not come back
      return;
    }
    const body = new URLSearchParams(new FormData(form));
    const day = form.elements.taken_on ? form.elements.taken_on.value : "";
    const label = day
      ? new Date(`${day}T12:00`).toLocaleDateString("en-GB", { day: "numeric", month: "long" })
      : "today";
    refilledFrom = await keep("test", form.action, body, label);
    waitingNow += 1;
    note(form, "No connection: your test is kept on this phone and sent when it is back online. Its result shows here once it arrives.");
  });
  mine().then((writes) => {
    const draft = writes.filter((write) => write.kind === "test" && write.page === location.pathname).at(-1);
    if (!draft) return;
    refilledFrom = draft.id;
    const values = new URLSearchParams(draft.body);
    for (const name of new Set(values.keys())) {
      if (name === "csrfmiddlewaretoken") continue;
      const field = form.elements[name];
      if (!field) continue;
      const all = values.getAll(name);
      if (field instanceof RadioNodeList || field.type === "checkbox" || field.type === "radio") {
        const fields = field instanceof RadioNodeList ? Array.from(field) : [field];
        fields.forEach((one) => { if (one.type === "checkbox" || one.type === "radio") one.checked = all.includes(one.value); else one.value = all[0]; });
      } else {
        field.value = all[0];
      }
    }
    note(form, draft.state === "refused"
      ? "Your test kept on this phone was not saved: correct it and save it again."
      : "Your test is kept on this phone and sent when it is back online. Its result shows here once it arrives.");
  });
}

function note(form, text) {
  let line = form.querySelector("[data-outbox-note]");
  if (!line) {
    line = document.createElement("p");
    line.className = "outbox-note";
    line.dataset.outboxNote = "";
    line.setAttribute("role", "status");
    form.querySelector("button[type=submit]").closest("div, p, form").before(line);
  }
  line.textContent = text;
}

// The session's checklist: the sets kept on this phone show as ticked, so the guide does not ask
// for them again.
async function restoreSets() {
  const boxes = document.querySelectorAll('[data-outbox="set"] input[data-step]');
  if (!boxes.length) return;
  for (const write of await mine()) {
    if (write.kind !== "set" || write.state !== "waiting" || write.page !== location.pathname) continue;
    const body = new URLSearchParams(write.body);
    const box = Array.from(boxes).find((one) => one.value === body.get("step"));
    if (box) box.checked = body.getAll("set").includes(body.get("step"));
  }
  document.dispatchEvent(new CustomEvent("outbox:restored"));
}

// Log-out: what waits is sent first where it can be; then the outbox and the pages kept go (the
// server's Clear-Site-Data does the same where the browser knows it).
function enableLogout() {
  const url = status.dataset.outboxLogoutUrl;
  document.querySelectorAll("form").forEach((form) => {
    if (new URL(form.action, location.href).pathname !== url) return;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      await flush();
      const left = await waitingCount();
      if (left && !window.confirm(`${left} change${left === 1 ? "" : "s"} not sent yet will be lost if you log out now. Log out anyway?`)) return;
      await clearDevice();
      form.submit();
    });
  });
}

async function clearDevice() {
  markWaiting(false);
  await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DATABASE);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
  if (window.caches) await Promise.all((await caches.keys()).map((key) => caches.delete(key)));
}

function start() {
  document.querySelectorAll('form[data-outbox="test"]').forEach(enableTestForm);
  enableLogout();
  restoreSets();
  window.addEventListener("online", flush);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") flush();
  });
  waitingCount().then((n) => { waitingNow = n; }).then(render).then(flush);
}

if (status && window.indexedDB) start();
