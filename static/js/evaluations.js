/* Evaluation pages: keyboard flow of the score grid, confirmations, and the compute progress bar.
   Loaded with `defer` after htmx; every page works without it (plain form posts, a "刷新" link). */
(function () {
  "use strict";
  /* The page's language (Django's JavaScript catalog, loaded by base.html); Chinese without it. */
  var _ = window.gettext || function (text) { return text; };

  function nextRow(row) {
    var next = row.nextElementSibling;
    while (next && !next.classList.contains("ev-row")) next = next.nextElementSibling;
    return next;
  }

  function focusScore(row) {
    var input = row && row.querySelector(".col-score input");
    if (input) {
      input.focus();
      input.select();
    }
  }

  /* The score grid: Enter in a row saves that row (htmx posts it; the button's click is the
     fallback without htmx) and moves on to the next row's score field. An IME composing Chinese
     text also sends Enter: leave that alone. */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.isComposing || event.keyCode === 229) return;
    var field = event.target;
    if (!field.closest || field.tagName === "TEXTAREA" || field.tagName === "BUTTON") return;
    var row = field.closest("tr.ev-row");
    if (!row) return;
    var save = row.querySelector(".ev-row-save");
    if (!save) return;
    event.preventDefault();
    var next = nextRow(row);
    save.click();
    focusScore(next);
  });

  /* A row saved by the mouse keeps the focus on the field or button it had; the count of
     scored rows follows. Listen for htmx:load (it fires on the new row): events sent to the
     replaced row never reach the document. */
  var refocus = {};
  document.addEventListener("htmx:beforeSwap", function (event) {
    var row = event.detail.target;
    if (row && row.classList && row.classList.contains("ev-row") && row.contains(document.activeElement)) {
      refocus[row.id] = document.activeElement.name || "";
    }
  });
  document.addEventListener("htmx:load", function (event) {
    var row = event.detail.elt;
    if (!row || !row.classList || !row.classList.contains("ev-row")) return;
    var counter = document.querySelector("[data-scored-count]");
    if (counter) counter.textContent = document.querySelectorAll("tr.ev-row.has-score, tr.ev-row.is-saved").length;
    var name = refocus[row.id];
    delete refocus[row.id];
    var again = name && row.querySelector('[name="' + name + '"]');
    if (again) again.focus();
  });
  /* A text the page gives in its language (an attribute of an enclosing element), else Chinese. */
  function said(element, attribute, fallback) {
    var holder = element.closest("[" + attribute + "]");
    return holder ? holder.getAttribute(attribute) : fallback;
  }
  /* A row whose request failed (network, 5xx) says so instead of looking saved. */
  document.addEventListener("htmx:responseError", function (event) {
    var row = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("tr.ev-row");
    if (!row) return;
    row.classList.add("is-error");
    var state = row.querySelector(".ev-row-state");
    if (state) state.textContent = said(row, "data-error-save", "保存失败，请重试");
  });
  document.addEventListener("htmx:sendError", function (event) {
    var row = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("tr.ev-row");
    if (!row) return;
    row.classList.add("is-error");
    var state = row.querySelector(".ev-row-state");
    if (state) state.textContent = said(row, "data-error-network", "网络错误，未保存");
  });

  /* "Save all" refused some rows: the summary at the top links each one; focus goes to the
     first refused field of a row (its first field when the error is the row's), first row on load. */
  function focusRow(row) {
    if (!row) return false;
    var field = row.querySelector('[aria-invalid="true"]') || row.querySelector("input, select");
    if (!field) return false;
    row.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
    return true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-row-link]");
    if (!link) return;
    var row = document.getElementById(link.getAttribute("href").slice(1));
    if (focusRow(row)) event.preventDefault();
  });
  function focusFirstError() {
    if (document.querySelector("[data-save-errors]")) focusRow(document.querySelector("tr.ev-row.is-error"));
  }

  /* Forms that ask before doing something that cannot be undone (advance, release, finalize). */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  /* The compute progress bar: poll the task status until it is done, then reload the page so
     the new results show. A task that is already done when the page renders is not polled. */
  function followTask(panel) {
    var url = panel.getAttribute("data-task-url");
    var bar = panel.querySelector("[data-task-bar]");
    var label = panel.querySelector("[data-task-label]");
    var percent = panel.querySelector("[data-task-percent]");
    var refresh = panel.querySelector("[data-task-refresh]");
    var labels = JSON.parse(panel.getAttribute("data-task-labels") || "null") ||
      { pending: _("排队中"), running: _("计算中"), success: _("计算完成"), failure: _("计算失败") };
    var delay = 800;
    var failures = 0;

    function show(state, progress) {
      panel.setAttribute("data-state", state);
      if (bar) bar.value = progress;
      if (percent) percent.textContent = progress + "%";
      if (label) {
        label.textContent = labels[state] || state;
        label.className = "ev-task-state ev-task-" + state;
      }
    }

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (status) {
          failures = 0;
          show(status.state, status.progress);
          if (status.state === "success" || status.state === "failure") {
            if (refresh) refresh.textContent = said(panel, "data-task-refreshing", "正在刷新结果…");
            window.setTimeout(function () { window.location.reload(); }, 600);
            return;
          }
          delay = Math.min(delay * 1.3, 4000);
          window.setTimeout(poll, delay);
        })
        .catch(function () {
          failures += 1;
          if (failures < 5) window.setTimeout(poll, 2000);
        });
    }

    var state = panel.getAttribute("data-state");
    if (state !== "success" && state !== "failure") window.setTimeout(poll, delay);
  }

  function start() {
    focusFirstError();
    var panel = document.querySelector("[data-task-url]");
    if (panel) followTask(panel);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
