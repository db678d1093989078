// Lighthouse (npm, locked in package-lock.json) on Debian's Chromium, through a user flow:
//   1. the campaign page (a navigation),
//   2. the step-by-step call after an address is submitted (the POST result, a navigation),
//   3. the thank-you screen after each target (snapshots of the page as the visitor leaves it).
// Run by scripts/lighthouse.py, which starts the app; prints one JSON line of scores per step.
//   node scripts/lighthouse_flow.mjs BASE_URL SLUG ADDRESS [LANG]
import puppeteer from "puppeteer-core";
import { startFlow } from "lighthouse";

const [base, slug, address, lang = "en"] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
});
const page = await browser.newPage();
// Mobile emulation and throttling as Lighthouse's defaults; the app runs on loopback.
const flow = await startFlow(page, { config: { extends: "lighthouse:default" } });
await flow.navigate(`${base}/c/${slug}?lang=${lang}`, { name: "campaign page" });
await flow.navigate(async () => {
  await page.type("#address", address);
  await Promise.all([page.waitForNavigation(), page.click("form.lookup button[type=submit]")]);
}, { name: "step-by-step call" });
let next;
while ((next = await page.$("article.card:not([hidden]) .step-nav .next"))) await next.click();
await flow.snapshot({ name: "thank-you screen" });
const result = await flow.createFlowResult();
for (const step of result.steps) {
  const scores = Object.fromEntries(
    Object.entries(step.lhr.categories).map(([id, category]) =>
      // A snapshot weighs no performance audit (nothing loaded while it was taken): Lighthouse
      // reports 0 for it, which means "not measured", so it is printed as null.
      [id, category.auditRefs.some((ref) => ref.weight > 0) && category.score !== null
        ? Math.round(category.score * 100) : null]));
  const failing = Object.values(step.lhr.audits)
    .filter((audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== "informative"
      && audit.scoreDisplayMode !== "notApplicable" && audit.scoreDisplayMode !== "manual")
    .map((audit) => audit.id);
  console.log(JSON.stringify({ step: step.name, scores, failing }));
}
await browser.close();
