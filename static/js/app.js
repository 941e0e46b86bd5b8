// Psoas Tracker: small progressive enhancements. The pages work without this file.
(function () {
  "use strict";

  // Sign-up: preselect the browser's time zone, so "today" is right from day one; the person
  // can still change it. A zone the list does not know leaves the choice as it was (UTC).
  function fillTimezone() {
    var field = document.querySelector("select[data-browser-timezone]");
    if (!field) return;
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
      if (field.querySelector('option[value="' + zone + '"]')) field.value = zone;
    } catch (error) {
      // Keep UTC: the profile page can change it.
    }
  }

  // Sign-up: the server chose km or miles from Accept-Language; refine it from the browser's
  // own languages by the same rule (the first tag naming a region; the regions of miles come
  // from the server). A browser without Intl.Locale keeps the server's choice.
  function fillUnits() {
    var inputs = document.querySelectorAll("input[data-mile-regions]");
    if (!inputs.length || !window.Intl || !Intl.Locale) return;
    var regions = inputs[0].getAttribute("data-mile-regions").split(" ");
    var tags = navigator.languages || [navigator.language];
    for (var i = 0; i < tags.length; i++) {
      var region;
      try {
        region = new Intl.Locale(tags[i]).region;
      } catch (error) {
        continue;
      }
      if (!region) continue;
      var wanted = regions.indexOf(region) >= 0 ? "mi" : "km";
      inputs.forEach(function (input) {
        input.checked = input.value === wanted;
      });
      return;
    }
  }

  // Invite links: a copy button beside the link, where the clipboard is available.
  function enableCopyButtons() {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var target = document.getElementById(button.dataset.copyTarget);
        navigator.clipboard.writeText(target.value || target.textContent).then(function () {
          button.textContent = "Copied";
          button.setAttribute("aria-live", "polite");
        });
      });
    });
  }

  // The progress report: a print button (the browser's own Print does the same without it).
  function enablePrintButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // Installable app: a service worker that keeps today's pages once opened, for when there is
  // no network, and an offline page for the others (templates/sw.js).
  function registerServiceWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js").catch(function () {
      // Not installable here (e.g. plain http on another host): the site works as before.
    });
  }

  // The phone's outbox (static/js/outbox.js): the pages whose writes it keeps load it themselves;
  // a page with a form it keeps only some days (the dashboard's morning check) loads it then, and
  // any page loads it while writes wait on this phone (outbox.js marks that in localStorage).
  var OUTBOX_WAITING = "psoas-outbox-waiting";
  function loadOutbox() {
    var status = document.querySelector("[data-outbox-status]");
    if (!status) return;
    var src = status.getAttribute("data-outbox-src");
    if (document.querySelector('script[src="' + src + '"]')) return;
    var waiting = true; // storage not readable: load it, it will see for itself
    try {
      waiting = window.localStorage.getItem(OUTBOX_WAITING) === "1";
    } catch (error) {
      // keep true
    }
    if (!waiting && !document.querySelector("[data-outbox]")) return; // e.g. the morning check
    var script = document.createElement("script");
    script.type = "module";
    script.src = src;
    document.head.appendChild(script);
  }

  document.addEventListener("DOMContentLoaded", function () {
    loadOutbox();
    fillTimezone();
    fillUnits();
    enableCopyButtons();
    enablePrintButtons();
    registerServiceWorker();
  });
})();
