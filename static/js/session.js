// The guided stretch session, hands-free: walks through the unticked sets of the checklist one by
// one. Before each set a "get into position" countdown; then a countdown for a hold, or a counter
// for repetitions; a short rest between sets (none when switching sides: the next "get into
// position" is the switch). Pause and resume with the button or the Space bar. Spoken cues from
// the browser's speech synthesis, a beep and a vibration at the start and end of each set where
// allowed, and the screen kept awake. A strength set is counted repetition by repetition at the
// exercise's tempo, with its own rest between sets. Ticking a set's checkbox makes htmx save it at
// once, or, without signal, static/js/outbox.js keep it on the phone until it can be sent.
// Without this file the checklist works on its own.
(function () {
  "use strict";

  var guide = document.querySelector("[data-guide]");
  if (!guide) return;
  // Every duration is in the plan's seconds; the time scale shortens them all in tests.
  var scale = parseFloat(guide.dataset.timeScale) || 1;
  var restSeconds = parseFloat(guide.dataset.restSeconds) || 10;
  var positionSeconds = parseFloat(guide.dataset.positionSeconds) || 5;
  var MUTED_KEY = "psoas-session-voice-muted";
  var title = guide.querySelector("[data-guide-title]");
  var sideLine = guide.querySelector("[data-guide-side]");
  var tempoLine = guide.querySelector("[data-guide-tempo]");
  var figure = guide.querySelector("[data-guide-figure]");
  var phaseLine = guide.querySelector("[data-guide-phase]");
  var pausedLine = guide.querySelector("[data-guide-paused]");
  var timer = guide.querySelector("[data-guide-timer]");
  var announce = guide.querySelector("[data-guide-announce]");
  var cues = guide.querySelector("[data-guide-cues]");
  var startButton = guide.querySelector("[data-guide-start]");
  var pauseButton = guide.querySelector("[data-guide-pause]");
  var skipButton = guide.querySelector("[data-guide-skip]");
  var muteButton = guide.querySelector("[data-guide-mute]");
  var hint = guide.querySelector("[data-guide-hint]");
  var rate = guide.querySelector("[data-guide-rate]");
  var awaiting = null; // after a strength exercise's last set: what to do once it is rated
  var ticking = null;
  var clock = null; // the countdown under way: when it ends, or what was left when paused
  var paused = false;
  var running = false;
  var wakeLock = null;
  var audio = null;
  var skipped = []; // sets passed over with "Skip": not done, not saved, offered again at the end

  // Mute silences the voice only. The beeps and vibrations stay: they are the least a runner
  // with the phone on the floor needs to know that a hold began or ended, the phone's own volume
  // silences them, and the mute button shows only where there is a voice to mute.
  var voice = !!window.speechSynthesis && typeof window.SpeechSynthesisUtterance === "function";
  var muted = false;
  try {
    muted = window.localStorage.getItem(MUTED_KEY) === "1";
  } catch (error) {
    // No storage (a private window): the voice is on for this visit.
  }

  function pending() {
    var open = Array.prototype.filter.call(
      document.querySelectorAll("input[data-step]"),
      function (box) { return !box.checked; }
    );
    var fresh = open.filter(function (box) { return skipped.indexOf(box) === -1; });
    if (!fresh.length) skipped = [];
    return fresh.length ? fresh : open;
  }

  function speak(text) {
    if (!voice || muted || !text) return;
    try {
      // A cue not yet said is dropped, so that the voice keeps time with the timer.
      if (window.speechSynthesis.speaking || window.speechSynthesis.pending) {
        window.speechSynthesis.cancel();
      }
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang || "en";
      window.speechSynthesis.speak(utterance);
    } catch (error) {
      // No voice where the browser refuses: the screen and the beeps still guide.
    }
  }

  // `shown` for screen readers (the status region) and the screen, `spoken` (shorter) aloud.
  function cue(shown, spoken) {
    announce.textContent = shown;
    speak(spoken === undefined ? shown : spoken);
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

  function beep(frequency, seconds, vibration) {
    if (navigator.vibrate) navigator.vibrate(vibration);
    try {
      if (!audio) return;
      var tone = audio.createOscillator();
      var gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.value = 0.2;
      tone.connect(gain);
      gain.connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + seconds);
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

  // A countdown of `seconds`, shown under `phase`; `each(shown, before)` at every new second shown.
  function countdown(seconds, phase, done, each) {
    clearInterval(ticking);
    clock = {
      endsAt: Date.now() + seconds * scale * 1000,
      step: Math.min(250, seconds * scale * 250),
      phase: phase,
      done: done,
      each: each,
      shown: null,
    };
    phaseLine.textContent = phase;
    // The interval first, then the first tick: a countdown already over at its first tick (a
    // stalled browser, a tiny time scale) stops its own interval before done() starts the next.
    ticking = setInterval(tick, clock.step);
    tick();
  }

  function tick() {
    var now = clock;
    var left = now.endsAt - Date.now();
    var shown = Math.max(0, Math.ceil(left / (scale * 1000)));
    if (shown !== now.shown) {
      var before = now.shown;
      now.shown = shown;
      timer.textContent = shown + " s";
      if (now.each && before !== null) now.each(shown, before);
    }
    if (left <= 0 && clock === now) {
      clearInterval(ticking);
      ticking = null;
      clock = null;
      now.done();
    }
  }

  function setPaused(pause) {
    paused = pause;
    pausedLine.hidden = !pause;
    guide.classList.toggle("is-paused", pause);
    pauseButton.textContent = pause ? "Resume" : "Pause";
  }

  function pause() {
    if (!running || paused || !clock) return;
    clock.left = clock.endsAt - Date.now();
    clearInterval(ticking);
    ticking = null;
    setPaused(true);
    cue("Paused. Press Resume or the Space bar to go on.", "Paused");
  }

  function resume() {
    if (!paused) return;
    setPaused(false);
    if (!clock) return;
    clock.endsAt = Date.now() + clock.left;
    cue("Going on: " + clock.phase + ", " + clock.shown + " seconds left.", clock.phase);
    ticking = setInterval(tick, clock.step);
    tick();
  }

  function stop() {
    clearInterval(ticking);
    ticking = null;
    clock = null;
    setPaused(false);
  }

  function sideWords(box) {
    return box.dataset.side === "both" ? "both sides" : box.dataset.side + " side";
  }

  function setWords(box) {
    var side = sideWords(box);
    return side.charAt(0).toUpperCase() + side.slice(1) + ", set " + box.dataset.set + " of " + box.dataset.of;
  }

  // The stretch and set on the card; `lead` before the set ("Next: " during a rest).
  function show(box, lead) {
    title.textContent = box.dataset.stretch;
    sideLine.textContent = (lead || "") + setWords(box);
    // A coach's own exercise has no drawing: no figure rather than the last stretch's.
    if (box.dataset.illustration) figure.src = box.dataset.illustration;
    figure.hidden = !box.dataset.illustration;
    figure.alt = box.dataset.summary || "";
    tempoLine.textContent = box.dataset.tempo ? "Each repetition: " + box.dataset.tempo : "";
    tempoLine.hidden = !box.dataset.tempo;
    cues.textContent = "";
    (box.dataset.cues || "").split("\n").forEach(function (text) {
      if (!text.trim()) return;
      var item = document.createElement("li");
      item.textContent = text.trim();
      cues.appendChild(item);
    });
  }

  // Before the guide starts: the first set, and how long it lasts.
  function ready(box) {
    show(box);
    phaseLine.textContent = "Ready";
    var hold = parseFloat(box.dataset.hold);
    timer.textContent = hold ? hold + " s" : (parseInt(box.dataset.reps, 10) || 1) + " ×";
  }

  function label(button, visible, hidden) {
    button.textContent = visible;
    var rest = document.createElement("span");
    rest.className = "visually-hidden";
    rest.textContent = hidden;
    button.appendChild(rest);
  }

  // "Get into position", then the set itself. `lead` says what came before ("Switch sides.").
  function begin(box, lead) {
    stop();
    if (awaiting) {
      awaiting = null; // Restart during the question: the rating stays unanswered
      rate.hidden = true;
      guide.querySelector(".guide-clock").hidden = false;
    }
    show(box);
    keepAwake();
    var position = "Get into position: " + box.dataset.stretch + ", " + sideWords(box);
    cue(
      (lead ? lead + " " : "") + position + ", set " + box.dataset.set + " of " + box.dataset.of + ".",
      (lead ? lead + " " : "") + position
    );
    countdown(positionSeconds, "Get into position", function () { perform(box); });
  }

  function perform(box) {
    beep(660, 0.15, 100);
    var hold = parseFloat(box.dataset.hold);
    if (hold) {
      cue("Hold " + hold + " seconds: " + setWords(box) + ".", "Hold " + hold + " seconds");
      countdown(hold, "Hold", function () { complete(box); }, function (shown, before) {
        if (hold > 10 && before > 10 && shown <= 10 && shown > 0) speak("10 seconds");
      });
      return;
    }
    var reps = parseInt(box.dataset.reps, 10) || 1;
    var repHold = parseFloat(box.dataset.repHold) || 2;
    var tempo = box.dataset.tempo;
    var rep = 0;
    (function nextRep() {
      rep += 1;
      var first = tempo
        ? reps + " repetitions, each " + tempo + ". 1"
        : reps + " repetitions of " + repHold + " seconds. 1";
      cue("Repetition " + rep + " of " + reps, rep === 1 ? first : String(rep));
      countdown(repHold, "Rep " + rep + " of " + reps, function () {
        if (rep >= reps) complete(box);
        else nextRep();
      });
    })();
  }

  function itemOf(box) {
    return box.value.split(":")[0];
  }

  function complete(box) {
    beep(880, 0.3, 200);
    box.checked = true;
    box.dispatchEvent(new Event("change", { bubbles: true })); // htmx saves the set
    askEffort(box, function () { moveOn(box); });
  }

  // The last set of a strength exercise done: how did it feel? (progression on the server.)
  function askEffort(box, then) {
    var item = itemOf(box);
    var choices = document.querySelector('[data-effort-for="' + item + '"]');
    var more = pending().some(function (other) { return itemOf(other) === item; });
    if (!choices || more || !rate) {
      then();
      return;
    }
    awaiting = { choices: choices, then: then };
    rate.hidden = false;
    guide.querySelector(".guide-clock").hidden = true;
    cue("How did the last set feel? Easy, about right, or hard.", "How did the last set feel?");
    rate.querySelector("button").focus();
  }

  function rated(effort) {
    var now = awaiting;
    awaiting = null;
    rate.hidden = true;
    guide.querySelector(".guide-clock").hidden = false;
    if (!now) return;
    var choice = effort && now.choices.querySelector('input[value="' + effort + '"]');
    if (choice) {
      choice.checked = true;
      choice.dispatchEvent(new Event("change", { bubbles: true })); // htmx saves the rating
    }
    now.then();
  }

  if (rate) {
    Array.prototype.forEach.call(rate.querySelectorAll("[data-guide-effort]"), function (button) {
      button.addEventListener("click", function () { rated(button.dataset.guideEffort); });
    });
  }

  function moveOn(box) {
    var upcoming = pending()[0];
    if (!upcoming) {
      finishAll();
      return;
    }
    var sameItem = upcoming.value.split(":")[0] === box.value.split(":")[0];
    if (sameItem && upcoming.dataset.side !== box.dataset.side) {
      begin(upcoming, "Switch sides.");
      return;
    }
    show(upcoming, "Next: ");
    // A strength exercise rests as long as it says between its sets; a stretch the default.
    var own = sameItem && parseFloat(box.dataset.rest);
    var rest = own || restSeconds;
    cue("Set done. Rest " + rest + " seconds, then " + setWords(upcoming) + ".", own ? "Rest " + rest + " seconds" : "Rest");
    countdown(rest, "Rest", function () { begin(upcoming); });
  }

  // Every set done: the card says so, and points to the rating below.
  function showFinished() {
    guide.classList.add("is-finished");
    title.textContent = "All sets done";
    sideLine.textContent = "Rate how it felt below, then finish the session.";
    guide.querySelector(".guide-clock").hidden = true;
    figure.hidden = true;
    cues.textContent = "";
    guide.querySelector(".guide-tools").hidden = true;
    guide.querySelector("[data-guide-controls]").hidden = true;
  }

  function finishAll() {
    running = false;
    stop();
    if (wakeLock) wakeLock.release().catch(function () {});
    showFinished();
    cue("All sets done. Rate how it felt and finish the session.", "Done. Rate how it felt, then finish the session.");
    var rating = document.getElementById("id_discomfort");
    if (!rating) return;
    var folded = rating.closest("details");
    if (folded) folded.open = true; // a finished session's "Change the rating"
    rating.focus();
  }

  function togglePause() {
    if (paused) resume();
    else pause();
  }

  startButton.addEventListener("click", function () {
    unlockAudio();
    var first = pending()[0];
    if (!first) return;
    if (!running) {
      running = true;
      label(startButton, "Restart", " this set");
      startButton.classList.add("secondary", "outline");
      pauseButton.hidden = false;
      hint.hidden = false;
    }
    begin(first);
  });
  pauseButton.addEventListener("click", togglePause);
  skipButton.addEventListener("click", function () {
    if (awaiting) {
      rated(null); // the rating skipped: the exercise keeps its dose
      return;
    }
    // Move on without ticking: a skipped set is not done, and comes back at the end.
    var current = pending()[0];
    if (!current) return;
    skipped.push(current);
    var upcoming = pending()[0];
    if (running) {
      begin(upcoming, "Skipped.");
    } else {
      ready(upcoming);
      cue("Skipped. Next: " + upcoming.dataset.stretch + ", " + setWords(upcoming) + ".", "");
    }
  });
  // The Space bar pauses and resumes, unless the focus is on a field or a button, where Space
  // already means something (a button's own Space presses it: Pause toggles as well).
  document.addEventListener("keydown", function (event) {
    if (event.key !== " " || event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
    if (!running || event.defaultPrevented) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, button, summary, [contenteditable]")) return;
    event.preventDefault(); // no page scroll
    togglePause();
  });

  function setMuted(mute) {
    muted = mute;
    muteButton.setAttribute("aria-pressed", mute ? "true" : "false");
    try {
      window.localStorage.setItem(MUTED_KEY, mute ? "1" : "0");
    } catch (error) {
      // Remembered for this visit only.
    }
    if (mute && voice) window.speechSynthesis.cancel();
  }
  if (voice) {
    muteButton.hidden = false;
    muteButton.setAttribute("aria-pressed", muted ? "true" : "false");
    muteButton.addEventListener("click", function () { setMuted(!muted); });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && running) keepAwake();
  });
  // A set that could not be saved is unticked again, and the runner is told.
  document.body.addEventListener("htmx:responseError", failed);
  document.body.addEventListener("htmx:sendError", failed);
  function failed(event) {
    var box = event.detail.elt;
    if (!box || !box.matches || !box.matches("input[data-step]")) return;
    if (event.detail.keptByOutbox) return; // kept on the phone (outbox.js), sent when back online
    box.checked = false;
    cue("That set could not be saved: check your connection and tick it again.");
    document.getElementById("progress").textContent =
      "A set could not be saved: check your connection and tick it again.";
  }
  // Without signal the sets are kept on the phone (static/js/outbox.js): they count as done here.
  document.body.addEventListener("outbox:kept", function (event) {
    if (!event.target.matches || !event.target.matches("input[data-step]")) return;
    var boxes = document.querySelectorAll("input[data-step]");
    var done = Array.prototype.filter.call(boxes, function (box) { return box.checked; }).length;
    document.getElementById("progress").textContent =
      done + " of " + boxes.length + " sets done (no signal: kept on this phone, sent when it is back).";
  });
  // The sets kept on the phone, ticked again when the page opens: the guide starts after them.
  document.addEventListener("outbox:restored", function () {
    if (running) return;
    var next = pending()[0];
    if (next) {
      ready(next);
      guide.hidden = false;
    } else if (!document.querySelector("#finish[data-finished]")) {
      showFinished();
      guide.hidden = false;
    }
  });
  // The rating sent (htmx): the Finish section is now the completion screen; focus its heading.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.target.id !== "finish") return;
    var refused = document.querySelector("#finish .errorlist");
    if (!refused && !pending().length) guide.hidden = true; // finished: nothing left to guide
    var focus = refused ? document.getElementById("id_discomfort") : document.getElementById("finish-heading");
    if (focus) focus.focus();
  });

  var first = pending()[0];
  if (first) {
    ready(first);
    guide.hidden = false;
  } else if (!document.querySelector("#finish[data-finished]")) {
    showFinished(); // every set done, the rating still to give
    guide.hidden = false;
  }
})();
