// Progressive enhancement only: every page works without this file.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches("[data-autosubmit]")) {
    field.form.requestSubmit();
  }
});

document.documentElement.classList.add("js");

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

// Filter a list of checkboxes as you type: <input data-filter-list="#groups">.
document.addEventListener("input", (event) => {
  const input = event.target;
  if (!input.matches("[data-filter-list]")) return;
  const words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const root = document.querySelector(input.dataset.filterList);
  root.querySelectorAll("[data-filter-item]").forEach((item) => {
    const text = item.dataset.filterText.toLocaleLowerCase();
    item.hidden = !words.every((word) => text.includes(word));
  });
  root.querySelectorAll("[data-filter-group]").forEach((group) => {
    group.hidden = !group.querySelector("[data-filter-item]:not([hidden])");
  });
});
document.addEventListener("submit", (event) => {
  if (event.target.matches("[role=search]") && event.target.querySelector("[data-filter-list]")) event.preventDefault();
});

// The US state question only matters for people in the US.
function showStateField() {
  const country = document.getElementById("id_country");
  const state = document.getElementById("id_us_state");
  if (!country || !state) return;
  state.closest(".field").hidden = country.value !== "US";
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

// Phone menu: the Menu link (which jumps to the navigation without JavaScript) opens and closes it.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".menu-button");
  if (!button) return;
  event.preventDefault();
  const nav = document.getElementById(button.getAttribute("aria-controls"));
  const open = !nav.classList.contains("open");
  nav.classList.toggle("open", open);
  button.setAttribute("aria-expanded", String(open));
  if (open) nav.querySelector("a, button, select")?.focus();
});
