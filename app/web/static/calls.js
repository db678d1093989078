// "Call me" and outcome reports on the campaign page. Without JavaScript both stay hidden.
(function () {
  "use strict";
  const slug = document.currentScript.dataset.slug;
  const FINAL = ["completed", "busy", "no-answer", "failed", "canceled"];
  // The page's language's words, rendered by the server (app/web/public.py call_words, from app/i18n/catalog.toml).
  const TEXT = JSON.parse(document.getElementById("call-text").textContent);
  const LABELS = TEXT.statuses;
  const OUTCOMES = TEXT.outcomes;
  const OUTCOME_LABELS = { ...TEXT.other_outcomes, ...TEXT.outcomes };

  function browserToken() {
    let token = localStorage.getItem("switchboard-token");
    if (!token) {
      const bytes = crypto.getRandomValues(new Uint8Array(18));
      token = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      localStorage.setItem("switchboard-token", token);
    }
    return token;
  }

  async function postJSON(url, body) {
    const response = await fetch(url, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({ detail: TEXT.error }));
    if (!response.ok) throw new Error(data.detail || TEXT.error);
    return data;
  }

  document.querySelectorAll(".report[data-target-id]").forEach((box) => {
    box.hidden = false;
    box.addEventListener("click", async (event) => {
      const outcome = event.target.dataset && event.target.dataset.outcome;
      if (!outcome) return;
      const done = box.querySelector(".report-done");
      try {
        await postJSON(`/api/v1/campaigns/${slug}/outcomes`,
          { token: browserToken(), target_id: box.dataset.targetId, outcome: outcome });
        done.textContent = TEXT.recorded.replace("{outcome}", OUTCOMES[outcome]);
      } catch (error) {
        done.textContent = error.message;
      }
    });
  });

  const section = document.getElementById("call-me");
  if (!section) return;
  section.hidden = false;
  const form = document.getElementById("call-me-form");
  const errorBox = document.getElementById("call-me-error");
  const progress = document.getElementById("call-progress");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    const fields = new FormData(form);
    try {
      const call = await postJSON(`/api/v1/campaigns/${slug}/calls`, {
        address: fields.get("address"), name: fields.get("name"), phone: fields.get("phone"),
        lang: fields.get("lang"),
      });
      form.hidden = true;
      follow(call.id);
    } catch (error) {
      errorBox.textContent = error.message;
      errorBox.hidden = false;
    }
  });

  async function follow(id) {
    const response = await fetch(`/api/v1/calls/${id}`);
    if (!response.ok) return;
    const call = await response.json();
    render(call);
    const asking = call.legs.some((leg) => leg.needs_outcome);
    if (!FINAL.includes(call.status) || asking) setTimeout(() => follow(id), 2000);
  }

  function render(call) {
    progress.replaceChildren(...call.legs.map((leg) => {
      const item = document.createElement("li");
      item.textContent = `${leg.title} ${leg.name}: ${LABELS[leg.status] || leg.status}`;
      if (leg.outcome && leg.outcome !== leg.status) {
        item.textContent += ` — ${OUTCOME_LABELS[leg.outcome] || leg.outcome.replace("-", " ")}`;
      }
      if (leg.needs_outcome) item.append(outcomeButtons(call.id, leg.position));
      return item;
    }));
    if (["busy", "no-answer", "failed", "canceled"].includes(call.status)) {
      errorBox.textContent = TEXT.unreachable;
      errorBox.hidden = false;
    }
  }

  function outcomeButtons(id, position) {
    const box = document.createElement("span");
    box.className = "report";
    Object.entries(OUTCOMES).forEach(([outcome, label]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.addEventListener("click", async () => {
        await postJSON(`/api/v1/calls/${id}/legs/${position}/outcome`, { outcome: outcome });
        follow(id);
      });
      box.append(button);
    });
    return box;
  }
})();
