// Live validation of the campaign editor: the definition is checked on the server as you type.
(function () {
  const form = document.getElementById("campaign-form");
  const box = document.getElementById("problems");
  const area = document.getElementById("definition");
  if (!form || !box || !area || area.readOnly) return;
  let timer = null;
  let sent = 0;

  function show(result) {
    box.replaceChildren();
    const panel = document.createElement("div");
    if (result.valid) {
      panel.className = "ok";
      panel.textContent = "No problems found.";
    } else {
      panel.className = "error";
      const intro = document.createElement("p");
      intro.textContent = "This campaign cannot be saved yet:";
      const list = document.createElement("ul");
      for (const problem of result.problems) {
        const item = document.createElement("li");
        const where = [problem.line ? "line " + problem.line : "", problem.field].filter(Boolean).join(", ");
        item.textContent = (where ? where + ": " : "") + problem.reason;
        list.appendChild(item);
      }
      panel.append(intro, list);
    }
    box.appendChild(panel);
  }

  async function check() {
    const ticket = ++sent;
    const body = new FormData(form);
    const response = await fetch("/admin/campaigns/check", { method: "POST", body: body, credentials: "same-origin" });
    if (ticket !== sent) return;
    const answer = await response.json();
    // Not signed in any more, or the form expired: say so instead of listing problems.
    show(response.ok ? answer : { valid: false, problems: [{ reason: answer.detail }] });
  }

  area.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  });
})();
