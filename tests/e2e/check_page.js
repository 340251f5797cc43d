// The browser check of tests/e2e/test_every_page.py, run in each page: a list of problems.
// `admin`: Django's administration pages, whose own forms are left as they are.
(async (admin) => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) {
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(-3).map((el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().split(/\s+/).join(".") : ""));
    problems.push(`wider than the screen: ${root.scrollWidth} > ${window.innerWidth} px (${wide.join(", ")})`);
  }
  if (!document.title.trim()) problems.push("no <title>");
  const h1 = document.querySelectorAll("h1").length;
  if (h1 !== 1) problems.push(`${h1} <h1> elements`);
  if (document.body.innerText.includes("---------")) problems.push('an empty choice shows "---------"');
  for (const input of document.querySelectorAll("input[type=file]")) {
    const label = input.id && document.querySelector(`label[for="${input.id}"]`);
    const box = input.getBoundingClientRect();
    const hidden = input.classList.contains("visually-hidden") || (box.width <= 1 && box.height <= 1);
    if (!hidden) problems.push(`file input ${input.name} shows the browser's own button`);
    if (!label || !label.innerText.trim()) problems.push(`file input ${input.name} has no label of ours`);
  }
  if (!admin) {
    for (const form of document.querySelectorAll("form:not([novalidate])")) {
      problems.push(`form ${form.getAttribute("action") || form.id || "(this page)"} lacks novalidate`);
    }
  }
  const result = await axe.run(document, { resultTypes: ["violations"] });
  for (const v of result.violations) {
    if (v.impact !== "serious" && v.impact !== "critical") continue;
    const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ");
    problems.push(`axe ${v.impact} ${v.id}: ${v.help} [${where}]`);
  }
  return problems;
})
