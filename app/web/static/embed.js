// Switchboard on a partner's page, in one line:
//   <script src="https://YOUR-SWITCHBOARD/embed.js" data-campaign="SLUG" data-lang="es" async></script>
// inserts the campaign's compact page in a frame where the script tag stands, and keeps the frame as
// tall as its content (the page reports its height by postMessage). The campaign's `embed_origins`
// must list the partner's site, or the browser refuses to show the frame.
(function () {
  "use strict";
  const script = document.currentScript;
  const slug = script && script.dataset.campaign;
  if (!slug) return;
  const origin = new URL(script.src).origin;
  const frame = document.createElement("iframe");
  // A partner's snippet names its code (data-partner): the calls it brings count for it.
  const query = new URLSearchParams();
  if (script.dataset.lang) query.set("lang", script.dataset.lang);
  if (script.dataset.partner) query.set("p", script.dataset.partner);
  const search = query.toString() ? `?${query}` : "";
  frame.src = `${origin}/c/${encodeURIComponent(slug)}/embed${search}`;
  frame.title = script.dataset.title || "Call your legislators";
  frame.loading = "lazy";
  frame.allow = "clipboard-write; web-share";
  frame.style.cssText = "display:block;width:100%;max-width:42rem;min-height:480px;border:0;";
  script.after(frame);
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    if (!data || data.type !== "switchboard:height" || typeof data.height !== "number") return;
    // The page's own title, in its language, names the frame for screen readers.
    if (!script.dataset.title && typeof data.title === "string") frame.title = data.title;
    frame.style.height = `${Math.ceil(data.height)}px`;
    frame.style.minHeight = "0";
  });
})();
