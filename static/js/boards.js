/* Staff board pages: follow a publish task's progress bar until it ends, then reload the page
   (without JavaScript the page offers a "刷新" link); ask before a rollback. */
(function () {
  "use strict";
  /* The page's language (Django's JavaScript catalog, loaded by base.html); Chinese without it. */
  var _ = window.gettext || function (text) { return text; };

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });

  var panel = document.querySelector("[data-task-url]");
  if (!panel) return;
  var state = panel.getAttribute("data-state");
  if (state === "success" || state === "failure") return;
  var bar = panel.querySelector("[data-task-bar]");
  var percent = panel.querySelector("[data-task-percent]");
  var label = panel.querySelector("[data-task-label]");
  var labels = { pending: _("排队中"), running: _("生成中"), success: _("发布完成"), failure: _("发布失败") };
  var delay = 800;

  function show(answer) {
    var progress = Math.max(0, Math.min(100, Number(answer.progress) || 0));
    if (bar) bar.value = progress;
    if (percent) percent.textContent = progress + "%";
    if (label && labels[answer.state]) {
      label.textContent = labels[answer.state];
      label.className = label.className.replace(/bm-task-\w+$/, "bm-task-" + answer.state);
    }
  }

  function poll() {
    fetch(panel.getAttribute("data-task-url"), {
      credentials: "same-origin", headers: { Accept: "application/json" }
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (answer) {
      show(answer);
      if (answer.state === "success" || answer.state === "failure") {
        window.setTimeout(function () { window.location.reload(); }, 600);
      } else {
        delay = Math.min(delay * 1.3, 5000);
        window.setTimeout(poll, delay);
      }
    }).catch(function () {
      delay = Math.min(delay * 2, 10000);
      window.setTimeout(poll, delay);
    });
  }

  window.setTimeout(poll, 300);
})();
