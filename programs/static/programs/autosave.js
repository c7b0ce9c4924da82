// Saves an application draft as the applicant types, and once more when they leave the page.
// Without this script nothing breaks: "Save draft" does the same on the server.
(function () {
  "use strict";
  var form = document.querySelector("form.application-form[data-autosave-url]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var url = form.getAttribute("data-autosave-url");
  var status = form.querySelector(".autosave-status");
  var base = form.querySelector("input[name='_base']");
  var timer = null;
  var dirty = false;
  var submitting = false;

  function answers() {
    var data = new FormData(form);
    form.querySelectorAll("input[type='file']").forEach(function (input) {
      data.delete(input.name);
    });
    return data;
  }

  function say(key) {
    if (status) {
      status.textContent = form.getAttribute("data-text-" + key) || "";
    }
  }

  function save() {
    timer = null;
    if (!dirty) {
      return;
    }
    dirty = false;
    say("saving");
    fetch(url, { method: "POST", body: answers(), credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (result) {
        if (base && result.base) {
          base.value = JSON.stringify(result.base);
        }
        say("saved");
      })
      .catch(function () {
        dirty = true;
        say("failed");
      });
  }

  function changed(event) {
    if (event.target && event.target.type === "file") {
      return;
    }
    dirty = true;
    if (timer) {
      clearTimeout(timer);
    }
    timer = setTimeout(save, 1500);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () {
    submitting = true;
  });
  window.addEventListener("pagehide", function () {
    if (dirty && !submitting && navigator.sendBeacon) {
      navigator.sendBeacon(url, answers());
      dirty = false;
    }
  });
})();
