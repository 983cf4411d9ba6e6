/* Taking a test: answers save as they change (and again, until they are saved, when the
   connection drops), and a countdown follows the deadline the server set. Without JavaScript
   the page works through its "Save my answers" and "Hand in the test" buttons. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-attempt]");
  if (!form) return;
  var api = form.dataset.api;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var status = document.getElementById("save-status");
  var pending = {};   // question id -> response waiting to be saved
  var inFlight = {};
  var retryDelay = 1000;
  var offline = false;  // the last save failed: say so until one succeeds
  var finished = false;

  function responseOf(fieldset) {
    var kind = fieldset.dataset.kind;
    var q = fieldset.dataset.question;
    var name = "q-" + q;
    if (kind === "single") {
      var picked = fieldset.querySelector("input[name='" + name + "']:checked");
      return picked ? { choice: parseInt(picked.value, 10) } : null;
    }
    if (kind === "multiple") {
      var values = [];
      fieldset.querySelectorAll("input[name='" + name + "']:checked").forEach(function (box) { values.push(parseInt(box.value, 10)); });
      return { choices: values };
    }
    if (kind === "truefalse") {
      var value = fieldset.querySelector("input[name='" + name + "']:checked");
      return value ? { value: value.value === "true" } : null;
    }
    if (kind === "short" || kind === "numeric") {
      var text = fieldset.querySelector("input[name='" + name + "']").value.trim();
      if (!text) return null;
      return kind === "short" ? { text: text } : { value: text };
    }
    if (kind === "matching") {
      var pairs = {};
      fieldset.querySelectorAll("select[data-item]").forEach(function (select) {
        if (select.value) pairs[select.dataset.item] = parseInt(select.value, 10);
      });
      return Object.keys(pairs).length ? { pairs: pairs } : null;
    }
    return null;
  }

  function show(text, failed) {
    status.textContent = text;
    status.classList.toggle("failed", !!failed);
  }

  function refreshStatus() {
    if (finished) return;
    var waiting = Object.keys(pending).length + Object.keys(inFlight).length;
    if (offline && waiting) { show(status.dataset.offline, true); return; }
    show(waiting ? status.dataset.saving : status.dataset.saved, false);
  }

  function setError(fieldset, message) {
    var error = fieldset.querySelector(".errorlist[data-live]");
    if (!message) { if (error) error.remove(); fieldset.classList.remove("has-error"); return; }
    if (!error) {
      error = document.createElement("p");
      error.className = "errorlist";
      error.dataset.live = "1";
      error.setAttribute("role", "alert");
      fieldset.appendChild(error);
    }
    error.textContent = message;
    fieldset.classList.add("has-error");
  }

  function save(question) {
    if (inFlight[question] || !(question in pending)) return;
    var response = pending[question];
    delete pending[question];
    inFlight[question] = true;
    refreshStatus();
    var fieldset = form.querySelector("fieldset[data-question='" + question + "']");
    fetch(api + "answers/" + question + "/", {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: JSON.stringify({ response: response })
    }).then(function (reply) {
      if (reply.ok) {
        retryDelay = 1000;
        offline = false;
        setError(fieldset, null);
        var link = document.querySelector("[data-palette='" + question + "']");
        if (link) link.classList.add("answered");
        return;
      }
      if (reply.status === 400) {
        return reply.json().then(function (body) {
          if (body.response) { setError(fieldset, body.response.join(" ")); return; }
          // The attempt is over (time ran out, or handed in elsewhere): show its result.
          finished = true;
          window.location.reload();
        });
      }
      throw new Error(String(reply.status));
    }).catch(function () {
      // Keep the newest answer and try again, waiting longer each time (at most 30 s).
      if (!(question in pending)) pending[question] = response;
      offline = true;
      setTimeout(function () { save(question); }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    }).finally(function () {
      delete inFlight[question];
      if (question in pending && retryDelay === 1000) save(question);
      refreshStatus();
    });
  }

  var timers = {};
  function queue(fieldset, delay) {
    var question = fieldset.dataset.question;
    var response = responseOf(fieldset);
    if (response === null) return;
    pending[question] = response;
    refreshStatus();
    clearTimeout(timers[question]);
    timers[question] = setTimeout(function () { save(question); }, delay);
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset[data-question]");
    if (fieldset) queue(fieldset, 0);
  });
  form.addEventListener("input", function (event) {
    var fieldset = event.target.closest("fieldset[data-question]");
    if (fieldset && event.target.type === "text") queue(fieldset, 800);
  });

  window.addEventListener("beforeunload", function (event) {
    if (!finished && (Object.keys(pending).length || Object.keys(inFlight).length)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  function expire() {
    if (finished) return;
    finished = true;
    show(status.dataset.late, true);
    var action = document.createElement("input");
    action.type = "hidden";
    action.name = "action";
    action.value = "submit";
    form.appendChild(action);
    form.submit();
  }

  form.addEventListener("submit", function () { finished = true; });

  // Countdown: the server's deadline, corrected for the difference between the clocks.
  var countdown = document.querySelector(".countdown");
  var display = countdown.querySelector("[data-countdown]");
  var deadline = Date.parse(countdown.dataset.deadline);
  var offset = Date.parse(countdown.dataset.serverTime) - Date.now();
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.max(0, Math.floor((deadline - (Date.now() + offset)) / 1000));
    var hours = Math.floor(left / 3600), minutes = Math.floor((left % 3600) / 60), seconds = left % 60;
    display.textContent = (hours ? hours + ":" + pad(minutes) : minutes) + ":" + pad(seconds);
    countdown.classList.toggle("urgent", left < 60);
    if (left === 0) { expire(); return; }
    setTimeout(tick, 1000);
  }
  tick();
})();
