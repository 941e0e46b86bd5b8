// "Measure with phone": reads the thigh's tilt from the phone's orientation sensor into a hip-angle
// field, in three numbered steps: zero the phone on the table, lay it along the thigh, keep still
// and the reading is taken on its own (a beep and a vibration say so). "Use this angle" takes the
// live reading at once. A knee (data-tilt-kind="knee") is the shin's tilt against the thigh's: the
// phone along the shin, top towards the ankle, reads the shin's tilt (-90 deg hanging straight
// down), and the knee's bend is the thigh's tilt (the hip angle field) less the shin's.
// Progressive enhancement: hidden where the browser has no DeviceOrientationEvent, and the field
// can always be typed in.
(function () {
  "use strict";

  if (!("DeviceOrientationEvent" in window)) return;

  // The stillness rule for the automatic reading. A window opens on a reading (its anchor); every
  // later reading within STILL_DEGREES of the anchor keeps it open, and the first one further off
  // closes it and opens a new window on itself: the 2 seconds start again. Once a window has been
  // open for STILL_MS the reading is the mean of its readings, less the zero. The time is kept by a
  // timer and not by counting events, because Chromium fires one only when an angle has changed by
  // more than a threshold (kOrientationThreshold in its DeviceOrientationEventPump): a phone lying
  // perfectly still may send none at all. ±1° is a product choice: it lets small jitter through
  // and is well within the phone's ±3° measurement band (docs/domain.md, sections 5 and 7).
  // One guard: until the phone has moved since "Measure" was tapped, a reading within
  // STILL_DEGREES of the zero is the phone still lying on the table, not a level thigh, and is not
  // taken. The wait ends after MAX_WAIT_MS with a message instead of running on.
  var STILL_DEGREES = 1;
  var STILL_MS = 2000;
  var MAX_WAIT_MS = 30000;
  var TICK_MS = 100;

  var latestBeta = null; // front-to-back tilt in degrees, + when the top of the phone is raised
  var listening = false;
  var zero = 0; // one calibration for both legs: the table is the same
  var zeroed = false;
  var audio = null;
  var measuring = null; // stops the one measurement under way, whichever leg

  function round(value) {
    return Math.round(value * 2) / 2; // the form takes half degrees
  }

  function now() {
    return window.performance.now();
  }

  function listen() {
    if (listening) return Promise.resolve();
    var request = window.DeviceOrientationEvent.requestPermission;
    // iOS asks the user first, and only from a tap.
    var permission = typeof request === "function" ? request() : Promise.resolve("granted");
    return permission.then(function (state) {
      if (state !== "granted") throw new Error("denied");
      window.addEventListener("deviceorientation", function (event) {
        if (event.beta === null || event.beta === undefined) return;
        latestBeta = event.beta;
        document.dispatchEvent(new CustomEvent("tilt:reading", { detail: event.beta }));
      });
      listening = true;
    });
  }

  function unlockAudio() {
    // Browsers play sound only from an audio context made (or resumed) during a tap.
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") audio.resume();
    } catch (error) {
      audio = null;
    }
  }

  function signal() {
    if (typeof navigator.vibrate === "function") navigator.vibrate(200);
    try {
      if (!audio) return;
      var tone = audio.createOscillator();
      var gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.value = 0.2;
      tone.connect(gain);
      gain.connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.2);
    } catch (error) {
      // No sound: the status line and the vibration still say it.
    }
  }

  function setUp(widget) {
    var field = document.getElementById(widget.dataset.tiltFor);
    var knee = widget.dataset.tiltKind === "knee";
    var thigh = knee ? document.getElementById(widget.dataset.tiltThigh) : null;
    var hip = widget.dataset.tiltSide + (knee ? " knee" : " hip"); // "Left hip", "Left knee"
    var limb = knee ? "shin" : "thigh"; // where the phone lies
    var live = widget.querySelector(".tilt-live");
    var output = widget.querySelector("[data-tilt-output]");
    var status = widget.querySelector("[data-tilt-status]");
    var actions = widget.querySelector(".tilt-live .button-row");
    var steps = widget.querySelectorAll("[data-tilt-step]");
    var zeroButton = widget.querySelector("[data-tilt-zero]");
    var measureButton = widget.querySelector("[data-tilt-measure]");
    var cancelButton = widget.querySelector("[data-tilt-cancel]");
    var stillness = widget.querySelector("[data-tilt-stillness]");
    var measureName = measureButton.textContent.trim();
    var run = null; // this leg's measurement, while it waits for the phone to keep still
    var taken = null; // the angle last taken, held on the screen until the next measurement
    var label = widget.querySelector("[data-tilt-label]");
    var instrument = field.form && field.form.querySelector('input[name="instrument"][value="phone"]');

    var STEP_TWO = knee
      ? "Step 2 of 3: with the hip angle in, tap " + measureName +
        ", then lay the phone along the front of the shin, top towards the ankle."
      : "Step 2 of 3: lie back in the test position, tap " + measureName +
        ", then lay the phone along the thigh.";

    // The thigh's tilt for a knee: the hip angle field, or null while it holds no number.
    function thighTilt() {
      var value = thigh && thigh.value.trim() !== "" ? Number(thigh.value) : NaN;
      return isNaN(value) ? null : value;
    }

    // A reading of the phone (degrees from the zero) as this field's angle: a hip's is the
    // reading; a knee's is the thigh's tilt less the shin's (null without the thigh's).
    function asAngle(reading) {
      if (!knee) return round(reading);
      var thighAngle = thighTilt();
      return thighAngle === null ? null : round(thighAngle - reading);
    }

    // The angle on the screen is always the one "Use this angle" or the automatic reading would
    // take: while measuring, the mean of the still window; once taken, the angle taken.
    function angle() {
      if (taken !== null) return taken;
      if (run && run.anchor !== null) return asAngle(run.sum / run.count - zero);
      return latestBeta === null ? null : asAngle(latestBeta - zero);
    }

    function show() {
      var value = angle();
      output.textContent = value === null ? "–" : value + "°";
      label.textContent = taken === null ? "Live angle" : "Angle taken";
    }

    // Marks step n (1 to 3) as the current one, those before it as done; 4: all done.
    function showStep(n) {
      Array.prototype.forEach.call(steps, function (step, i) {
        if (i + 1 === n) step.setAttribute("aria-current", "step");
        else step.removeAttribute("aria-current");
        step.classList.toggle("done", i + 1 < n);
      });
    }

    // Swaps which of two buttons shows, keeping the keyboard focus on the one that shows.
    function swap(hide, show) {
      var hadFocus = document.activeElement === hide;
      hide.hidden = true;
      show.hidden = false;
      if (hadFocus) show.focus();
    }

    function fill(value) {
      taken = value;
      show();
      field.value = value;
      // A phone reading is a phone's: the instrument decides the bands, baseline and charts.
      if (instrument && !instrument.checked) {
        instrument.checked = true;
        instrument.dispatchEvent(new Event("change", { bubbles: true }));
      }
      // htmx listens for these on the form: the leg's verdict and the comparison update.
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
      status.textContent = hip + ": " + value + "° taken.";
    }

    function stop(step, message) {
      if (!run) return;
      window.clearInterval(run.timer);
      run = null;
      measuring = null;
      stillness.hidden = true;
      swap(cancelButton, measureButton);
      showStep(step);
      status.textContent = message;
    }

    function start() {
      if (knee && thighTilt() === null) {
        status.textContent = "Enter or measure the " + widget.dataset.tiltSide.toLowerCase() +
          " hip angle first: the knee's bend is the shin's tilt against the thigh's.";
        return;
      }
      if (measuring) measuring();
      unlockAudio();
      taken = null;
      run = {
        startedAt: now(),
        anchor: null,
        openedAt: 0,
        sum: 0,
        count: 0,
        moved: false,
        warned: false,
        timer: window.setInterval(tick, TICK_MS),
      };
      measuring = function () { stop(2, ""); };
      if (latestBeta !== null) open(latestBeta);
      stillness.value = 0;
      stillness.hidden = false;
      swap(measureButton, cancelButton);
      showStep(3);
      status.textContent = "Step 3 of 3: keep still. " + hip +
        ": the reading is taken after 2 seconds still.";
    }

    function open(beta) {
      run.anchor = beta;
      run.openedAt = now();
      run.sum = beta;
      run.count = 1;
    }

    function reading(beta) {
      if (run.anchor === null) {
        open(beta);
      } else if (Math.abs(beta - run.anchor) > STILL_DEGREES) {
        run.moved = true;
        open(beta); // moved: the 2 seconds start again
      } else {
        run.sum += beta;
        run.count += 1;
      }
    }

    function tick() {
      var time = now();
      if (time - run.startedAt >= MAX_WAIT_MS) {
        stop(2, "No steady reading in 30 seconds. Lay the phone along the " + limb + ", keep still and tap " +
          measureName + " again, or type the angle.");
        return;
      }
      if (run.anchor === null) return;
      var still = time - run.openedAt;
      stillness.value = Math.min(still, STILL_MS);
      if (still < STILL_MS) return;
      var mean = run.sum / run.count;
      if (!run.moved && Math.abs(mean - zero) <= STILL_DEGREES) {
        if (!run.warned) {
          run.warned = true;
          status.textContent = "The phone still reads the table (0°). Lay it along the " + limb + "; " +
            "if it is there already, lift it and lay it down again.";
        }
        return;
      }
      var value = asAngle(mean - zero);
      stop(4, "");
      fill(value);
      signal();
    }

    document.addEventListener("tilt:reading", function (event) {
      if (run) reading(event.detail);
      if (latestBeta !== null) show();
    });

    document.addEventListener("tilt:zeroed", function () {
      if (run) stop(2, "");
      taken = null;
      show();
      if (measureButton.hidden && cancelButton.hidden) measureButton.hidden = false;
      zeroButton.classList.add("secondary", "outline");
      showStep(2);
    });

    var startButton = widget.querySelector("[data-tilt-start]");
    startButton.addEventListener("click", function () {
      listen().then(function () {
        live.hidden = false;
        // The steps take its place; the keyboard focus goes to the step's button.
        swap(startButton, zeroed ? measureButton : zeroButton);
        showStep(zeroed ? 2 : 1);
        status.textContent = zeroed ? STEP_TWO
          : "Step 1 of 3: lay the phone flat on the table, then tap Zero on the table.";
      }).catch(function () {
        live.hidden = false;
        actions.hidden = true;
        output.hidden = true;
        status.textContent = "The phone did not allow access to its tilt sensor. Type the angle instead.";
      });
    });
    zeroButton.addEventListener("click", function () {
      if (latestBeta === null) {
        status.textContent = "No reading from the tilt sensor yet: keep the phone flat on the table " +
          "and tap Zero on the table again.";
        return;
      }
      zero = latestBeta;
      zeroed = true;
      document.dispatchEvent(new CustomEvent("tilt:zeroed"));
      status.textContent = "Zeroed: the table now reads 0°. " + STEP_TWO;
    });
    measureButton.addEventListener("click", start);
    // Typed over by hand: the screen no longer holds what the field says.
    field.addEventListener("input", function (event) {
      if (!event.isTrusted || taken === null) return;
      taken = null;
      show();
    });
    cancelButton.addEventListener("click", function () {
      stop(2, "Measuring stopped. Tap " + measureName + " to start again, or type the angle.");
    });
    widget.querySelector("[data-tilt-capture]").addEventListener("click", function () {
      if (!run) taken = null; // by hand: the phone's angle now
      var value = angle();
      if (value === null) {
        status.textContent = knee && thighTilt() === null
          ? "Enter or measure the hip angle first: the knee's bend is the shin's tilt against the thigh's."
          : "No reading yet: hold the phone still on the " + limb + ".";
        return;
      }
      stop(4, "");
      showStep(4);
      fill(value);
    });
  }

  // Where the button shows. Signals relied on, and why:
  // 1. A deviceorientation event with a non-null beta: a sensor answered (Android browsers, or any
  //    browser that sends readings without asking). The only proof that a reading will come.
  // 2. DeviceOrientationEvent.requestPermission on a touch-first device (a coarse primary pointer and
  //    touch points): iOS and iPadOS send no event at all until a tap grants permission, so on those
  //    the button must show before any reading. iPadOS reports a Mac user agent, hence no UA sniffing.
  // Not signals on their own: requestPermission (desktop Chromium 156+ and Safari on a Mac define it
  // with no sensor behind it), an event whose beta is null (desktop Chromium sends one at once), touch
  // alone (touch-screen laptops have a mouse as primary pointer and no tilt sensor).
  function touchFirst() {
    return navigator.maxTouchPoints > 0 && window.matchMedia("(pointer: coarse)").matches;
  }

  function reveal() {
    document.querySelectorAll("[data-tilt-for]").forEach(function (widget) {
      widget.hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-tilt-for]").forEach(setUp);
    if (typeof window.DeviceOrientationEvent.requestPermission === "function" && touchFirst()) {
      reveal();
      return;
    }
    window.addEventListener("deviceorientation", function probe(event) {
      if (event.beta === null || event.beta === undefined) return;
      window.removeEventListener("deviceorientation", probe);
      reveal();
    });
  });
})();
