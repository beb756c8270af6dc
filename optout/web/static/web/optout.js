// Progressive enhancement only: every page works without this file.
// (No select sends its form on "change": arrow keys change a closed select, so each key press would leave the page.)
document.documentElement.classList.add("js");

// When a page opens, a screen reader starts at its top and a message or an error further down goes unheard.
// A refused form: the summary of its errors is focused. A form that worked: its message ("Saved") is moved to
// where the page opens (the part named after # in the address, where the form sent the person back) and focused.
// The browser scrolls to that part after the page has loaded, and takes the focus away as it does: hence "load".
function focusOnLoad(element) {
  element.focus();
  window.addEventListener("load", () => setTimeout(() => {
    if (document.activeElement === document.body) element.focus();
  }));
}
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    focusOnLoad(summary);
    return;
  }
  const box = document.querySelector("main .messages");
  if (!box) return;
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (target && target.closest("main") && !target.matches("main")) {
    if (target.matches("h1, h2, h3, h4, h5, h6")) target.after(box);
    else target.prepend(box);
    for (let details = box.closest("details"); details; details = details.parentElement.closest("details")) {
      details.open = true;
    }
  }
  box.tabIndex = -1;
  focusOnLoad(box);
});

// A link in the error summary goes to its field, and shows the field's label and error too.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".error-summary a[href^='#']");
  if (!link) return;
  const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!field) return;
  event.preventDefault();
  for (let details = field.closest("details"); details; details = details.parentElement.closest("details")) {
    details.open = true;
  }
  field.focus({ preventScroll: true });
  (field.closest("fieldset, .field") || field).scrollIntoView({ block: "start" });
});

// Copy a field's text to the clipboard: <button data-copy="#field" data-copied="Copied">.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (button) {
    const field = document.querySelector(button.dataset.copy);
    const status = button.parentElement.querySelector(".copy-status");
    try {
      await navigator.clipboard.writeText(field.value || field.textContent);
      if (status) status.textContent = button.dataset.copied || "Copied";
    } catch {
      field.select();
    }
  }
  if (event.target.closest("[data-print]")) window.print();
});

// Filter a list of checkboxes as you type: <input data-filter-list="#groups" data-filter-status="#status">.
// The status line says how many are left (data-shown, with {count}) or that none is (data-none): checkboxes that
// disappear say nothing by themselves.
document.addEventListener("input", (event) => {
  const input = event.target;
  if (!input.matches("[data-filter-list]")) return;
  const words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const root = document.querySelector(input.dataset.filterList);
  let shown = 0;
  root.querySelectorAll("[data-filter-item]").forEach((item) => {
    const text = item.dataset.filterText.toLocaleLowerCase();
    item.hidden = !words.every((word) => text.includes(word));
    if (!item.hidden) shown += 1;
  });
  root.querySelectorAll("[data-filter-group]").forEach((group) => {
    group.hidden = !group.querySelector("[data-filter-item]:not([hidden])");
  });
  const status = input.dataset.filterStatus && document.querySelector(input.dataset.filterStatus);
  if (status) {
    status.textContent = shown ? status.dataset.shown.replace("{count}", String(shown)) : status.dataset.none;
  }
});
document.addEventListener("submit", (event) => {
  if (event.target.matches("[role=search]") && event.target.querySelector("[data-filter-list]")) event.preventDefault();
});

// The US state question only matters for people in the US, the Land question only for people in Germany.
function showStateField() {
  const country = document.getElementById("id_country");
  if (!country) return;
  for (const [id, code] of [["id_us_state", "US"], ["id_german_state", "DE"]]) {
    const state = document.getElementById(id);
    if (state) state.closest(".field").hidden = country.value !== code;
  }
}
document.addEventListener("change", (event) => { if (event.target.id === "id_country") showStateField(); });
document.addEventListener("DOMContentLoaded", showStateField);

// Countdown for e-mail codes that expire: <p data-countdown="ISO time" data-warn-minutes="10">.
function tickCountdowns() {
  document.querySelectorAll("[data-countdown]").forEach((box) => {
    const left = new Date(box.dataset.countdown) - Date.now();
    const out = box.querySelector(".countdown-left");
    const card = box.closest("li, section");
    if (left <= 0) {
      out.textContent = "";
      card.querySelector(".countdown-expired").hidden = false;
      card.querySelector(".countdown-warning").hidden = true;
      return;
    }
    const minutes = Math.floor(left / 60000);
    const seconds = Math.floor((left % 60000) / 1000);
    const clock = `${minutes}:${String(seconds).padStart(2, "0")}`;
    out.textContent = (box.dataset.left || "{time} left").replace("{time}", clock);
    if (minutes < Number(box.dataset.warnMinutes || 10)) card.querySelector(".countdown-warning").hidden = false;
  });
}
document.addEventListener("DOMContentLoaded", () => {
  if (document.querySelector("[data-countdown]")) {
    tickCountdowns();
    setInterval(tickCountdowns, 1000);
  }
});

// The browser's time zone, so dates are shown in local time from the first visit and sign-up remembers it.
try {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && !document.cookie.split("; ").includes(`optout_tz=${zone}`)) {
    document.cookie = `optout_tz=${zone}; path=/; max-age=31536000; SameSite=Lax`;
  }
} catch { /* an old browser: the server's zone is used */ }

// The platform's form opens in a new tab from a plain link; tell optout it was opened (part 2 of an objection).
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-mark-opened]");
  if (!link) return;
  const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
  fetch(link.dataset.markOpened, {
    method: "POST", credentials: "same-origin", keepalive: true,
    headers: { ...headers, "X-Requested-With": "fetch" },
  }).catch(() => {});
});

// Phone menu: the Menu button opens and closes it; Escape closes it and goes back to the button.
function setMenu(button, open) {
  const nav = document.getElementById(button.getAttribute("aria-controls"));
  nav.classList.toggle("open", open);
  button.setAttribute("aria-expanded", String(open));
  if (open) nav.querySelector("a, button, select")?.focus();
}
document.addEventListener("click", (event) => {
  const button = event.target.closest(".menu-button");
  if (button) {
    setMenu(button, button.getAttribute("aria-expanded") !== "true");
    return;
  }
  // "Skip to menu" on a phone, where the menu is folded away: open it.
  const skip = event.target.closest("a[href='#site-nav']");
  const menu = document.querySelector(".menu-button");
  if (skip && menu && menu.offsetParent !== null && menu.getAttribute("aria-expanded") !== "true") {
    event.preventDefault();
    setMenu(menu, true);
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const button = document.querySelector(".menu-button[aria-expanded='true']");
  if (!button) return;
  setMenu(button, false);
  button.focus();
});

// Text saved as it is typed (htmx): htmx 2 swaps no answer with an error status, and the last "Saved at …" would
// stay as if the newest words were saved. <form data-save-failed="Not saved — try again" data-save-status="#saved"
// data-save-alert="#failed">: the alert says so, and the status no longer claims a save.
function saveFailed(event) {
  const form = event.detail.elt?.closest?.("[data-save-failed]");
  if (!form) return;
  const status = document.querySelector(form.dataset.saveStatus);
  if (status) status.textContent = "";
  const alert = document.querySelector(form.dataset.saveAlert);
  if (alert) alert.textContent = form.dataset.saveFailed;
}
document.addEventListener("htmx:responseError", saveFailed);
document.addEventListener("htmx:sendError", saveFailed);
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt?.closest?.("[data-save-failed]");
  if (form && event.detail.successful) {
    const alert = document.querySelector(form.dataset.saveAlert);
    if (alert) alert.textContent = "";
  }
});

// The catalog's results are replaced as you type; only their count is said (a live region must exist before it
// changes to be heard, so the count is copied into one that stays, rather than announced from the new list).
document.addEventListener("htmx:afterSwap", (event) => {
  const results = event.detail.target;
  if (!results.matches?.("[data-count-status]")) return;
  const status = document.querySelector(results.dataset.countStatus);
  const count = results.querySelector("#result-count");
  if (status && count) status.textContent = count.textContent.replace(/\s+/g, " ").trim();
});
