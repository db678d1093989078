// The campaign page without reloads: the step-by-step call, outcome reports, "Call me", sharing,
// portraits that fail to load, and the embed's height. Without JavaScript the same forms post back
// to the server, which renders each step; "Call me" and the Share button stay hidden.
(function () {
  "use strict";
  const slug = document.currentScript.dataset.slug;
  // The page's language's words and the call vocabulary (app.vocabulary), rendered by the server
  // (app/web/public.py call_words, words from app/i18n/catalog.toml).
  const TEXT = JSON.parse(document.getElementById("call-text").textContent);
  const LABELS = TEXT.statuses;
  const OUTCOMES = TEXT.outcomes;
  const OUTCOME_LABELS = { ...TEXT.other_outcomes, ...TEXT.outcomes };
  const FINAL = TEXT.final_statuses;

  // The visitor's browser token: kept in localStorage where the page may use it, so a visitor is
  // one caller across visits; in a cross-site frame with third-party storage blocked, reading
  // localStorage throws, and the token the server put in the page's forms serves instead (as it
  // does without JavaScript).
  let pageToken = null;
  function browserToken() {
    try {
      let token = localStorage.getItem("switchboard-token");
      if (!token) {
        token = tokenOfThisPage();
        localStorage.setItem("switchboard-token", token);
      }
      return token;
    } catch (blocked) {
      return tokenOfThisPage();
    }
  }

  function tokenOfThisPage() {
    if (pageToken) return pageToken;
    const field = document.querySelector("input[name=token]");
    if (field && field.value) pageToken = field.value;
    else {
      const bytes = crypto.getRandomValues(new Uint8Array(18));
      pageToken = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    }
    return pageToken;
  }

  // A problem the server explained, in the page's language; any other failure (the network, the
  // browser refusing something) is shown as the catalog's general words, never the browser's English.
  class Problem extends Error {}
  function problemOf(error) {
    return error instanceof Problem ? error.message : TEXT.error;
  }

  async function postJSON(url, body) {
    const response = await fetch(url, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({ detail: TEXT.error }));
    if (!response.ok) throw new Problem(problemText(data));
    return data;
  }

  // An API error in the page's language: English pages show the API's own message; others the
  // catalog's words for its code (or a general "something went wrong"), never English.
  function problemText(data) {
    if (Object.keys(TEXT.problems).length === 0) return data.detail || TEXT.error;
    return TEXT.problems[data.code] || TEXT.error;
  }

  // Portraits: a failed image leaves the initials underneath.
  document.querySelectorAll(".avatar img").forEach((img) => {
    if (img.complete && img.naturalWidth === 0) img.remove();
    else img.addEventListener("error", () => img.remove());
  });

  // Field limits: typing stops at a field's limit, and the visitor is told why as they reach it.
  // (Without JavaScript there is no `maxlength`: the server says a field is too long instead of the
  // browser cutting it silently.)
  document.querySelectorAll("input[data-limit]").forEach((input) => {
    input.maxLength = Number(input.dataset.limit);
    const note = document.getElementById(`${input.id}-limit`);
    const check = () => { note.textContent = input.value.length >= input.maxLength ? note.dataset.text : ""; };
    input.addEventListener("input", check);
  });

  // Bring what the server answered into view: the problem beside the address, or the current step
  // with what leads to it (the lookup's notes, the last report's status, "2 of 3"). The answer
  // (#call) starts at the top of the screen, as without JavaScript; the focused element stays in
  // view. After the page's load (the browser's own jump to #call would otherwise take the focus back).
  const flow = document.querySelector("section.flow");
  const problem = document.getElementById("lookup-error") || document.querySelector("[aria-invalid=true]");
  const landing = problem || (flow && flow.querySelector(".card:not([hidden]) h2"));
  if (landing) {
    if (document.readyState === "complete") setTimeout(() => reveal(landing));
    else window.addEventListener("load", () => setTimeout(() => reveal(landing)));
  }

  function reveal(element) {
    element.focus({ preventScroll: true });
    (element.closest("#call") || element).scrollIntoView({ block: "start" });
    const below = element.getBoundingClientRect().bottom - window.innerHeight;
    if (below > 0) window.scrollBy(0, below + 16);
  }

  if (flow) {
    const cards = Array.from(flow.querySelectorAll(".card"));

    const show = (step) => {
      cards.forEach((card) => { card.hidden = Number(card.dataset.step) !== step; });
      flow.querySelectorAll(".jump [data-step]").forEach((button) => {
        if (Number(button.dataset.step) === step) button.setAttribute("aria-current", "step");
        else button.removeAttribute("aria-current");
      });
      const jump = flow.querySelector("details.jump");
      if (jump) jump.open = false;
      const shown = cards.find((card) => Number(card.dataset.step) === step);
      if (shown) reveal(shown.querySelector("h2"));
    };

    flow.addEventListener("submit", async (event) => {
      const form = event.target;
      const button = event.submitter;
      // Only the step buttons; "Call me" (inside the first card) has its own handler below.
      if (!button || (button.name !== "to" && button.name !== "outcome")) return;
      event.preventDefault();
      if (button.name === "outcome") {
        try {
          await postJSON(`/api/v1/campaigns/${slug}/outcomes`,
            { token: browserToken(), target_id: form.dataset.targetId, lookup: form.elements.lookup.value, outcome: button.value });
        } catch (error) {
          return say(problemOf(error));
        }
        [...form.querySelectorAll("[name=outcome]"), ...document.querySelectorAll(`[form="${form.id}"][name=outcome]`)]
          .forEach((other) => { other.setAttribute("aria-pressed", String(other === button)); });
        say(TEXT.recorded.replace("{outcome}", OUTCOME_LABELS[button.value]));
        flow.querySelectorAll(`.called [data-target-id="${CSS.escape(form.dataset.targetId)}"] .outcome`)
          .forEach((shown) => { shown.textContent = OUTCOME_LABELS[button.value]; });
        return show(Number(form.elements.step.value));
      }
      say("");
      show(Number(button.value));
    });
  }

  function say(message) {
    document.getElementById("flow-status").textContent = message;
  }

  // Sharing: the device's own share sheet where there is one; the plain links stay either way.
  document.querySelectorAll("button.web-share").forEach((button) => {
    if (!navigator.share) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      navigator.share({ title: button.dataset.title, text: button.dataset.text, url: button.dataset.url })
        .catch(() => {});
    });
  });

  // Inside a partner's frame: tell embed.js how tall the page is, whenever that changes. Only the
  // campaign's own embed sites may hear it: the browser delivers each message only to a parent of
  // the origin named, and drops the others.
  const embedOrigins = (document.currentScript.dataset.embedOrigins || "").split(" ").filter(Boolean);
  if (document.body.classList.contains("embed") && window.parent !== window && embedOrigins.length) {
    const report = () => embedOrigins.forEach((origin) => window.parent.postMessage(
      { type: "switchboard:height", slug: slug, title: document.title,
        height: document.documentElement.scrollHeight }, origin));
    new ResizeObserver(report).observe(document.body);
    report();
  }

  // "Call me when they open", on a card whose offices are all closed: the times come from the
  // server (open then, and 9:00–20:00 where the constituent is), shown in the constituent's zone
  // and the page's language; nothing is kept in the browser.
  document.querySelectorAll("section.call-when-open").forEach((box) => {
    box.hidden = false;
    const folded = box.querySelector("details");
    folded.addEventListener("toggle", () => offerTimes(box), { once: true });
  });

  async function offerTimes(box) {
    const form = box.querySelector("form");
    const errorBox = box.querySelector(".error");
    const fields = new FormData(form);
    const ask = { address: fields.get("address"), target_id: fields.get("target_id"), lang: fields.get("lang") };
    let offer;
    try {
      offer = await postJSON(`/api/v1/campaigns/${slug}/scheduled-calls/times`, ask);
    } catch (error) {
      errorBox.textContent = problemOf(error);
      errorBox.hidden = false;
      form.hidden = true;
      return;
    }
    const when = (at) => new Intl.DateTimeFormat(document.documentElement.lang || "en", {
      weekday: "long", hour: "numeric", minute: "2-digit", timeZone: offer.time_zone, timeZoneName: "short",
    }).format(new Date(at));
    if (!offer.slots.length) {
      form.replaceWith(Object.assign(document.createElement("p"), { textContent: form.dataset.noTimes }));
      return;
    }
    const times = form.querySelector("fieldset.times");
    offer.slots.forEach((slot, index) => {
      const label = document.createElement("label");
      const radio = Object.assign(document.createElement("input"),
        { type: "radio", name: "at", value: slot.at, required: true, checked: index === 0 });
      const words = slot.tomorrow_morning ? `${form.dataset.tomorrow} · ${when(slot.at)}` : when(slot.at);
      label.append(radio, ` ${words}`);
      times.append(label);
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      errorBox.hidden = true;
      const filled = new FormData(form);
      try {
        const scheduled = await postJSON(`/api/v1/campaigns/${slug}/scheduled-calls`, {
          ...ask, name: filled.get("name"), phone: filled.get("phone"), at: filled.get("at"),
          consent: filled.get("consent") === "on",
        });
        const done = box.querySelector(".done");
        const cancel = Object.assign(document.createElement("a"),
          { href: scheduled.cancel_url, textContent: form.dataset.cancel, target: "_blank", rel: "noopener" });
        done.replaceChildren(form.dataset.done.replace("{when}", when(scheduled.at)), " ", cancel);
        done.hidden = false;
        form.hidden = true;
      } catch (error) {
        errorBox.textContent = problemOf(error);
        errorBox.hidden = false;
      }
    });
  }

  const section = document.getElementById("call-me");
  if (!section) return;
  section.hidden = false;
  const form = document.getElementById("call-me-form");
  const errorBox = document.getElementById("call-me-error");
  const progress = document.getElementById("call-progress");
  const callStatus = document.getElementById("call-status");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    const fields = new FormData(form);
    try {
      const call = await postJSON(`/api/v1/campaigns/${slug}/calls`, {
        address: fields.get("address"), name: fields.get("name"), phone: fields.get("phone"),
        lang: fields.get("lang"), lookup: fields.get("lookup") || "",
      });
      form.hidden = true;
      follow(call.id);
    } catch (error) {
      errorBox.textContent = problemOf(error);
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
    callStatus.textContent = TEXT.calling;
    callStatus.hidden = !TEXT.calling_statuses.includes(call.status);
    progress.replaceChildren(...call.legs.map((leg) => {
      const item = document.createElement("li");
      item.textContent = `${leg.title} ${leg.name}: ${LABELS[leg.status] || leg.status}`;
      if (leg.outcome && leg.outcome !== leg.status) {
        item.textContent += ` — ${OUTCOME_LABELS[leg.outcome] || leg.outcome.replace("-", " ")}`;
      }
      if (leg.needs_outcome) item.append(outcomeButtons(call.id, leg.position));
      return item;
    }));
    if (TEXT.unreachable_statuses.includes(call.status)) {
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
