// The campaign builder, enhanced: language tabs, placeholder chips, lists ordered by dragging or by
// arrows without a round trip, officials found as you type, a list of people checked as you paste,
// and a preview that follows the typing. Without this script every button posts the
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

  // Lists in call order (the chambers, the picked officials), one helper for both: the arrows move
  // a row here instead of posting the form, and a row may be dragged to its place (the arrows stay
  // for keyboards and screen readers).
  function orderable(list) {
    let dragged = null;
    function refresh() {
      const rows = Array.from(list.children);
      rows.forEach((row, index) => {
        row.draggable = true;
        const up = row.querySelector("button.arrow[value^='up:']");
        const down = row.querySelector("button.arrow[value^='down:']");
        if (up) up.disabled = index === 0;
        if (down) down.disabled = index === rows.length - 1;
      });
      schedule();
    }
    list.addEventListener("click", (event) => {
      const arrow = event.target.closest("button.arrow");
      if (!arrow || !list.contains(arrow)) return;
      event.preventDefault();
      const row = arrow.closest("li");
      const up = arrow.value.startsWith("up:");
      const other = up ? row.previousElementSibling : row.nextElementSibling;
      if (!other) return;
      if (up) list.insertBefore(row, other);
      else list.insertBefore(other, row);
      refresh();
      arrow.disabled ? row.querySelector("button.arrow:not([disabled])")?.focus() : arrow.focus();
    });
    list.addEventListener("dragstart", (event) => {
      dragged = event.target.closest && event.target.closest("li");
      if (!dragged || dragged.parentElement !== list) return;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.id || dragged.dataset.chamber || "");
      dragged.classList.add("dragging");
    });
    list.addEventListener("dragover", (event) => {
      if (!dragged) return;
      event.preventDefault();
      const over = event.target.closest && event.target.closest("li");
      if (!over || over === dragged || over.parentElement !== list) return;
      const box = over.getBoundingClientRect();
      list.insertBefore(dragged, event.clientY > box.top + box.height / 2 ? over.nextElementSibling : over);
    });
    list.addEventListener("drop", (event) => {
      if (dragged) event.preventDefault();
    });
    list.addEventListener("dragend", () => {
      if (!dragged) return;
      dragged.classList.remove("dragging");
      dragged = null;
      refresh();
    });
    Array.from(list.children).forEach((row) => (row.draggable = true));
    return refresh;
  }
  const chamberOrder = form.querySelector(".chamber-order");
  if (chamberOrder) orderable(chamberOrder);

  // Officials picked from the directory: searched as the organizer types (the admin search API),
  // added, removed and ordered here; the rows are the page's own <template>s.
  const picked = document.getElementById("picked-officials");
  if (picked) {
    const reorder = orderable(picked);
    const found = document.getElementById("found-officials");
    const status = document.getElementById("found-status");
    const empty = document.getElementById("picked-empty");
    const filters = { find_q: "q", find_state: "state", find_chamber: "chamber", find_party: "party", find_committee: "committee" };
    const pickedIds = () => new Set(Array.from(picked.querySelectorAll("input[name=officials]"), (input) => input.value));
    const row = (id) => document.getElementById(id).content.firstElementChild.cloneNode(true);
    let findTimer = null;
    let findTicket = 0;
    function foundWords(count) {
      if (count === 0) return "No official matches: try fewer words or filters.";
      if (count === 1) return "One official found.";
      return count + " officials found" + (count >= 25 ? " (the first 25: narrow the search to see others)." : ".");
    }
    function foundRow(hit, added) {
      const item = row("found-template");
      item.dataset.id = hit.id;
      item.querySelector(".found-name").textContent = hit.name;
      item.querySelector(".found-about").textContent = hit.title + ", " + hit.state + (hit.party ? " (" + hit.party + ")" : "");
      const add = item.querySelector("button.add");
      add.value = "add_official:" + hit.id;
      add.setAttribute("aria-label", "Add " + hit.name);
      add.disabled = added;
      add.textContent = added ? "Added" : "Add";
      return item;
    }
    async function find() {
      clearTimeout(findTimer);
      const params = new URLSearchParams({ limit: "25" });
      let asked = false;
      for (const [id, name] of Object.entries(filters)) {
        const value = document.getElementById(id).value.trim();
        if (value) params.set(name, value);
        asked = asked || Boolean(value);
      }
      const ticket = ++findTicket;
      if (!asked) {
        found.replaceChildren();
        status.textContent = "";
        return;
      }
      let answer = null;
      try {
        const response = await fetch("/admin/api/directory/search?" + params, { credentials: "same-origin" });
        answer = response.ok ? await response.json() : null;
      } catch (error) {
        answer = null;
      }
      if (ticket !== findTicket) return;
      if (!answer) {
        status.textContent = "The search is not available right now: try again, or reload the page.";
        return;
      }
      const ids = pickedIds();
      found.replaceChildren(...answer.officials.map((hit) => foundRow(hit, ids.has(hit.id))));
      status.textContent = foundWords(answer.officials.length);
    }
    for (const id of Object.keys(filters)) {
      const field = document.getElementById(id);
      field.addEventListener(field.tagName === "SELECT" ? "change" : "input", () => {
        clearTimeout(findTimer);
        findTimer = setTimeout(find, 300);
      });
    }
    document.getElementById("find_q").addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        find();
      }
    });
    found.addEventListener("click", (event) => {
      const add = event.target.closest("button.add");
      if (!add) return;
      event.preventDefault();
      const hit = add.closest("li");
      const id = hit.dataset.id;
      const name = hit.querySelector(".found-name").textContent;
      if (!pickedIds().has(id)) {
        const item = row("picked-template");
        item.dataset.id = id;
        item.querySelector("input[name=officials]").value = id;
        item.querySelector(".picked-name").textContent = name;
        item.querySelector(".picked-about").textContent = hit.querySelector(".found-about").textContent;
        for (const button of item.querySelectorAll("button")) {
          const [verb] = button.value.split(":");
          button.value = verb + ":" + id;
        }
        item.querySelector("button.arrow[value^='up:']").setAttribute("aria-label", "Call " + name + " earlier");
        item.querySelector("button.arrow[value^='down:']").setAttribute("aria-label", "Call " + name + " later");
        item.querySelector("button.remove").setAttribute("aria-label", "Remove " + name);
        picked.appendChild(item);
        reorder();
      }
      add.disabled = true;
      add.textContent = "Added";
      empty.hidden = true;
      status.textContent = "Added " + name + ", called " + ordinal(picked.children.length) + " of the officials.";
    });
    function ordinal(n) {
      return n + (n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] || "th");
    }
    picked.addEventListener("click", (event) => {
      const remove = event.target.closest("button.remove");
      if (!remove) return;
      event.preventDefault();
      const item = remove.closest("li");
      const id = item.dataset.id;
      item.remove();
      reorder();
      empty.hidden = picked.children.length > 0;
      const add = found.querySelector("li[data-id='" + CSS.escape(id) + "'] button.add");
      if (add) {
        add.disabled = false;
        add.textContent = "Add";
      }
      status.textContent = "Removed.";
    });
    form.addEventListener("submit", (event) => {
      if (event.submitter && event.submitter.value === "find") {
        event.preventDefault();
        find();
      }
    });
  }

  // A list of people: an uploaded file's text goes into the box (the file itself is then not sent),
  // and the box is checked row by row as the organizer types or pastes.
  const people = document.getElementById("people");
  if (people) {
    const upload = document.getElementById("people_file");
    const verdict = document.getElementById("people-check");
    const most = Number(upload.dataset.maxBytes);
    let checkTimer = null;
    let checkTicket = 0;
    upload.addEventListener("change", async () => {
      const file = upload.files[0];
      if (!file) return;
      if (file.size > most) {
        verdict.textContent = "This file is over " + most / 1000000 + " MB: a list holds at most 10,000 people.";
        verdict.classList.add("field-error");
        upload.value = "";
        return;
      }
      people.value = await file.text();
      upload.value = "";
      people.dispatchEvent(new Event("input", { bubbles: true }));
    });
    async function check() {
      const ticket = ++checkTicket;
      if (!people.value.trim()) {
        verdict.textContent = "";
        verdict.classList.remove("field-error");
        return;
      }
      const body = new FormData();
      body.set("csrf_token", form.elements.csrf_token.value);
      body.set("csv", people.value);
      let response = null;
      let answer = null;
      try {
        response = await fetch("/admin/api/people/check", { method: "POST", body: body, credentials: "same-origin" });
        answer = await response.json();
      } catch (error) {
        answer = null;
      }
      if (ticket !== checkTicket || !answer) return;
      if (response.ok) {
        const count = answer.people.length;
        verdict.textContent = "The list has " + count + (count === 1 ? " person" : " people") + "; every row is fine.";
        verdict.classList.remove("field-error");
        return;
      }
      const rows = (answer.rows || []).slice(0, 50).map((row) => "row " + row.row + ": " + row.reason);
      const said = rows.length ? rows.join("; ") : answer.detail || "";
      const fix = rows.length ? ". Fix " + (rows.length === 1 ? "this row" : "these rows") + ", or tick “Skip the rows with problems” to save the others." : "";
      verdict.textContent = said.charAt(0).toUpperCase() + said.slice(1) + fix;
      verdict.classList.add("field-error");
    }
    people.addEventListener("input", () => {
      clearTimeout(checkTimer);
      checkTimer = setTimeout(check, 500);
    });
    form.addEventListener("submit", (event) => {
      if (event.submitter && event.submitter.value === "check_people") {
        event.preventDefault();
        clearTimeout(checkTimer);
        check();
      }
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
  function schedule(event) {
    if (event && event.target.closest && event.target.closest(".find-officials")) return;
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
