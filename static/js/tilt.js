// "Measure with phone": reads the thigh's tilt from the phone's orientation sensor into a hip-angle
// field. Progressive enhancement: hidden where the browser has no DeviceOrientationEvent.
(function () {
  "use strict";

  if (!("DeviceOrientationEvent" in window)) return;

  var latestBeta = null; // front-to-back tilt in degrees, + when the top of the phone is raised
  var listening = false;
  var zero = 0; // one calibration for both legs: the table is the same

  function round(value) {
    return Math.round(value * 2) / 2; // the form takes half degrees
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
        document.dispatchEvent(new CustomEvent("tilt:reading"));
      });
      listening = true;
    });
  }

  function setUp(widget) {
    var field = document.getElementById(widget.dataset.tiltFor);
    var live = widget.querySelector(".tilt-live");
    var output = widget.querySelector("[data-tilt-output]");
    var status = widget.querySelector("[data-tilt-status]");
    var actions = widget.querySelector(".tilt-live .button-row");

    function angle() {
      return latestBeta === null ? null : round(latestBeta - zero);
    }

    document.addEventListener("tilt:reading", function () {
      var value = angle();
      if (value !== null) output.textContent = value + "°";
    });

    widget.querySelector("[data-tilt-start]").addEventListener("click", function () {
      listen().then(function () {
        live.hidden = false;
        status.textContent = "";
      }).catch(function () {
        live.hidden = false;
        actions.hidden = true;
        output.hidden = true;
        status.textContent = "The phone did not allow access to its tilt sensor. Type the angle instead.";
      });
    });
    widget.querySelector("[data-tilt-zero]").addEventListener("click", function () {
      if (latestBeta === null) return;
      zero = latestBeta;
      status.textContent = "Zeroed: the table now reads 0°.";
      output.textContent = "0°";
    });
    widget.querySelector("[data-tilt-capture]").addEventListener("click", function () {
      var value = angle();
      if (value === null) {
        status.textContent = "No reading yet: hold the phone still on the thigh.";
        return;
      }
      field.value = value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
      status.textContent = "Captured " + value + "°.";
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
