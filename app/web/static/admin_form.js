// The campaign builder, enhanced: language tabs, placeholder chips, chamber order by arrows without a
// round trip, and a preview that follows the typing. Without this script every button posts the
// form and the server answers with the same page, changed.
(function () {
  const form = document.getElementById("builder");
  if (!form) return;
  const preview = document.getElementById("preview");
  const states = document.getElementById("state-check");

  // Tabs: one language panel at a time; the headings stay for screen readers' panel names.
  const tablist = form.querySelector("[role=tablist]");
  const tabs = Array.from(form.querySelectorAll("[role=tab]"));
  const panels = Array.from(form.querySelectorAll(".language-panel"));
  function select(tab) {
    for (const other of tabs) {
      const on = other === tab;
      other.setAttribute("aria-selected", on ? "true" : "false");
      other.tabIndex = on ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !on;
    }
  }
  if (tablist && tabs.length > 1) {
    tablist.hidden = false;
    for (const panel of panels) panel.setAttribute("aria-labelledby", "tab-" + panel.lang);
    const invalid = panels.find((panel) => panel.querySelector("[aria-invalid=true]"));
    select(invalid ? tabs[panels.indexOf(invalid)] : tabs[0]);
    tablist.addEventListener("click", (event) => {
      const tab = event.target.closest("[role=tab]");
      if (tab) select(tab);
    });
    tablist.addEventListener("keydown", (event) => {
      const index = tabs.indexOf(document.activeElement);
      if (index < 0 || (event.key !== "ArrowRight" && event.key !== "ArrowLeft")) return;
      const next = tabs[(index + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      select(next);
      next.focus();
    });
  }

  // Chips insert the placeholder at the caret of their script box.
  function insert(area, code) {
    const start = area.selectionStart ?? area.value.length;
    const end = area.selectionEnd ?? start;
    const before = area.value.slice(0, start);
    const spaced = (before && !/[\s(“"'¿¡]$/.test(before) ? " " : "") + code;
    area.value = before + spaced + area.value.slice(end);
    area.focus();
    area.selectionStart = area.selectionEnd = start + spaced.length;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }
  for (const chips of form.querySelectorAll(".chips")) {
    chips.hidden = false;
    const area = document.getElementById(chips.dataset.for);
    chips.addEventListener("click", (event) => {
      const chip = event.target.closest("button.chip");
      if (chip) insert(area, chip.dataset.insert);
    });
    const variables = chips.querySelector("select.variable-chip");
    variables.addEventListener("focus", () => refreshVariables(variables));
    variables.addEventListener("mousedown", () => refreshVariables(variables));
    variables.addEventListener("change", () => {
      if (variables.value) insert(area, "{{ " + variables.value + " }}");
      variables.value = "";
    });
  }
  function refreshVariables(select) {
    const names = Array.from(form.querySelectorAll("input[name=var_name]"))
      .map((input) => input.value.trim())
      .filter((name) => /^[a-z_][a-z0-9_]*$/.test(name));
    select.replaceChildren(new Option("A variable…", ""), ...[...new Set(names)].map((name) => new Option(name, name)));
  }

  // Order: the arrows move the row here instead of posting the form.
  const order = form.querySelector(".chamber-order");
  if (order) {
    order.addEventListener("click", (event) => {
      const arrow = event.target.closest("button.arrow");
      if (!arrow) return;
      event.preventDefault();
      const row = arrow.closest("li");
      const up = arrow.value.startsWith("up:");
      const other = up ? row.previousElementSibling : row.nextElementSibling;
      if (!other) return;
      if (up) order.insertBefore(row, other);
      else order.insertBefore(other, row);
      const rows = Array.from(order.children);
      rows.forEach((item, index) => {
        item.querySelector("button.arrow[value^='up:']").disabled = index === 0;
        item.querySelector("button.arrow[value^='down:']").disabled = index === rows.length - 1;
      });
      arrow.disabled ? row.querySelector("button.arrow:not([disabled])")?.focus() : arrow.focus();
      schedule();
    });
  }

  // The preview and the state check come back as fragments, typed-in values as they are now.
  let timer = null;
  let sent = 0;
  async function fragment(path, box) {
    const ticket = ++sent;
    const body = new FormData(form);
    const response = await fetch(path, { method: "POST", body: body, credentials: "same-origin" });
    if (ticket !== sent && box === preview) return;
    box.innerHTML = response.ok ? await response.text() : "<p class=\"error\">The preview is not available right now; reload the page.</p>";
  }
  function schedule() {
    if (!document.getElementById("preview_address").value.trim()) return;
    clearTimeout(timer);
    timer = setTimeout(() => fragment("/admin/builder/preview", preview), 400);
  }
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  document.getElementById("preview_address").addEventListener("input", schedule);
  document.getElementById("preview_lang").addEventListener("change", schedule);
  form.addEventListener("submit", (event) => {
    const action = event.submitter && event.submitter.value;
    if (action === "preview") {
      event.preventDefault();
      clearTimeout(timer);
      fragment("/admin/builder/preview", preview);
    } else if (action === "states") {
      event.preventDefault();
      states.innerHTML = "<p class=\"help\">Checking every state…</p>";
      fragment("/admin/builder/states", states);
    }
  });
})();
