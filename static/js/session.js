// The guided stretch session: walks through the unticked sets of the checklist one by one, with a
// countdown for holds and a counter for repetitions, a short rest between sets, a beep and a
// vibration at the end of each hold where allowed, and the screen kept awake. Ticking a set's
// checkbox makes htmx save it at once. Without this file the checklist works on its own.
(function () {
  "use strict";

  var guide = document.querySelector("[data-guide]");
  if (!guide) return;
  var scale = parseFloat(guide.dataset.timeScale) || 1;
  var restSeconds = (parseFloat(guide.dataset.restSeconds) || 10) * scale;
  var title = guide.querySelector("[data-guide-title]");
  var sideLine = guide.querySelector("[data-guide-side]");
  var timer = guide.querySelector("[data-guide-timer]");
  var announce = guide.querySelector("[data-guide-announce]");
  var cues = guide.querySelector("[data-guide-cues]");
  var startButton = guide.querySelector("[data-guide-start]");
  var skipButton = guide.querySelector("[data-guide-skip]");
  var ticking = null;
  var wakeLock = null;
  var audio = null;
  var running = false;
  var skipped = []; // sets passed over with "Skip": not done, not saved, offered again at the end

  function pending() {
    var open = Array.prototype.filter.call(
      document.querySelectorAll("input[data-step]"),
      function (box) { return !box.checked; }
    );
    var fresh = open.filter(function (box) { return skipped.indexOf(box) === -1; });
    if (!fresh.length) skipped = [];
    return fresh.length ? fresh : open;
  }

  function say(text) {
    announce.textContent = text;
  }

  function unlockAudio() {
    // iOS plays sound only from a context made (or resumed) during a tap.
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") audio.resume();
    } catch (error) {
      audio = null;
    }
  }

  function signal() {
    if (navigator.vibrate) navigator.vibrate(200);
    try {
      if (!audio) return;
      var tone = audio.createOscillator();
      var gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.value = 0.2;
      tone.connect(gain);
      gain.connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.25);
    } catch (error) {
      // No sound where the browser does not allow it.
    }
  }

  function keepAwake() {
    if (!navigator.wakeLock || wakeLock) return;
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      lock.addEventListener("release", function () { wakeLock = null; });
    }).catch(function () {});
  }

  function countdown(seconds, label, done) {
    var endsAt = Date.now() + seconds * 1000;
    clearInterval(ticking);
    function tick() {
      var left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
      timer.textContent = label + left + " s";
      if (Date.now() >= endsAt) {
        clearInterval(ticking);
        done();
      }
    }
    // The interval first, then the first tick: a countdown already over at its first tick (a
    // stalled browser, a tiny time scale) stops its own interval before done() starts the next.
    ticking = setInterval(tick, Math.min(250, seconds * 250));
    tick();
  }

  function show(box) {
    title.textContent = box.dataset.stretch;
    sideLine.textContent = (box.dataset.side === "both" ? "Both sides" : box.dataset.side.charAt(0).toUpperCase() + box.dataset.side.slice(1) + " side") +
      ", set " + box.dataset.set + " of " + box.dataset.of;
    cues.textContent = "";
    (box.dataset.cues || "").split("\n").forEach(function (cue) {
      if (!cue.trim()) return;
      var item = document.createElement("li");
      item.textContent = cue.trim();
      cues.appendChild(item);
    });
  }

  function finishAll() {
    running = false;
    clearInterval(ticking);
    ticking = null;
    if (wakeLock) wakeLock.release().catch(function () {});
    timer.textContent = "All sets done";
    say("All sets done. Rate how it felt and finish the session.");
    startButton.hidden = true;
    skipButton.hidden = true;
    document.getElementById("id_discomfort").focus();
  }

  function next(message) {
    var upcoming = pending()[0];
    if (!upcoming) {
      finishAll();
      return;
    }
    show(upcoming);
    say(message + " Rest, then " + sideLine.textContent);
    countdown(restSeconds, "Rest ", function () { run(upcoming); });
  }

  function complete(box) {
    signal();
    box.checked = true;
    box.dispatchEvent(new Event("change", { bubbles: true }));  // htmx saves the set
    next("Set done.");
  }

  function run(box) {
    show(box);
    keepAwake();
    var hold = parseFloat(box.dataset.hold);
    if (hold) {
      say("Hold " + hold + " seconds: " + sideLine.textContent);
      countdown(hold * scale, "Hold ", function () { complete(box); });
      return;
    }
    var reps = parseInt(box.dataset.reps, 10) || 1;
    var repHold = (parseFloat(box.dataset.repHold) || 2) * scale;
    var rep = 0;
    (function nextRep() {
      rep += 1;
      say("Repetition " + rep + " of " + reps);
      countdown(repHold, "Rep " + rep + " of " + reps + ": ", function () {
        if (rep >= reps) complete(box);
        else nextRep();
      });
    })();
  }

  startButton.addEventListener("click", function () {
    unlockAudio();
    var first = pending()[0];
    if (!first) return;
    running = true;
    startButton.textContent = "Restart this set";
    run(first);
  });
  skipButton.addEventListener("click", function () {
    // Move on without ticking: a skipped set is not done, and comes back at the end.
    clearInterval(ticking);
    var current = pending()[0];
    if (!current) return;
    skipped.push(current);
    next("Skipped.");
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && running) keepAwake();
  });
  // A set that could not be saved is unticked again, and the runner is told.
  document.body.addEventListener("htmx:responseError", failed);
  document.body.addEventListener("htmx:sendError", failed);
  function failed(event) {
    var box = event.detail.elt;
    if (!box || !box.matches || !box.matches("input[data-step]")) return;
    box.checked = false;
    say("That set could not be saved: check your connection and tick it again.");
    document.getElementById("progress").textContent =
      "A set could not be saved: check your connection and tick it again.";
  }

  var first = pending()[0];
  if (first) {
    show(first);
    timer.textContent = "Ready";
  } else {
    timer.textContent = "All sets done";
    startButton.hidden = true;
    skipButton.hidden = true;
  }
  guide.hidden = false;
})();
