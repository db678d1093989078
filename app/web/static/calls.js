// "Call me" and outcome reports on the campaign page. Without JavaScript both stay hidden.
(function () {
  "use strict";
  const slug = document.currentScript.dataset.slug;
  const FINAL = ["completed", "busy", "no-answer", "failed", "canceled"];
  const LABELS = {
    pending: "waiting", prompted: "asking you to press 1", dialing: "dialing the office",
    ringing: "ringing", "in-progress": "connected", completed: "done", busy: "line busy",
    "no-answer": "no answer", failed: "could not connect", canceled: "canceled", skipped: "skipped",
    "no-consent": "not connected (no key pressed)", "not-attempted": "not called",
  };
  const OUTCOMES = { contact: "Spoke to staff", voicemail: "Left a voicemail", unavailable: "No answer", "wrong-number": "Wrong number" };

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
    const data = await response.json().catch(() => ({ detail: "Something went wrong. Please try again." }));
    if (!response.ok) throw new Error(data.detail || "Something went wrong. Please try again.");
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
        done.textContent = `Thank you! Recorded: ${OUTCOMES[outcome]}.`;
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
      if (leg.outcome) item.textContent += ` — ${OUTCOMES[leg.outcome] || leg.outcome.replace("-", " ")}`;
      if (leg.needs_outcome) item.append(outcomeButtons(call.id, leg.position));
      return item;
    }));
    if (["busy", "no-answer", "failed", "canceled"].includes(call.status)) {
      errorBox.textContent = "We could not reach your phone. Please call the numbers above yourself.";
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
