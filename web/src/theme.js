// Light and dark themes, and the first-visit tour's trigger: small, so part of the first load
// (imported by editor.js). The page follows the system's `prefers-color-scheme` until the visitor
// presses the theme button; the choice is kept in localStorage and set as `<html data-theme>`,
// which web/style.css, the graph's SVG and the editors' colours all follow. Embeds never write
// storage, and never show the tour.

const THEME_KEY = "asl-playground.theme";
export const TOUR_KEY = "asl-playground.tour";

const embedded = new URLSearchParams(window.location.search).has("embed");
const systemDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

function stored(key) {
  try {
    return window.localStorage.getItem(key);
  } catch (_) {
    return null;
  }
}

/// The theme in force: the visitor's choice, or the system's.
export function currentTheme() {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === "light" || chosen === "dark") return chosen;
  return systemDark && systemDark.matches ? "dark" : "light";
}

function applyTheme(theme) {
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
  const button = document.querySelector("[data-testid=theme-toggle]");
  if (button) {
    button.setAttribute("aria-pressed", String(currentTheme() === "dark"));
  }
}

/// Switches between light and dark, and keeps the choice (except in an embed).
export function toggleTheme() {
  const next = currentTheme() === "dark" ? "light" : "dark";
  applyTheme(next);
  if (!embedded) {
    try {
      window.localStorage.setItem(THEME_KEY, next);
    } catch (_) {
      // Storage refused: the choice holds for this page only.
    }
  }
}

function themeButton() {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "secondary theme-toggle";
  button.dataset.testid = "theme-toggle";
  const icon = document.createElement("span");
  icon.setAttribute("aria-hidden", "true");
  icon.textContent = "◐ ";
  button.append(icon, "Dark theme");
  button.title = "Switch between the light and the dark theme (kept in this browser)";
  button.addEventListener("click", toggleTheme);
  return button;
}

// The Leptos app draws the top bar after the wasm has loaded: the button joins it then, and the
// tour starts once the page says it is ready.
function whenPresent(test, then) {
  if (test()) return then();
  const observer = new MutationObserver(() => {
    if (test()) {
      observer.disconnect();
      then();
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-ready"] });
}

applyTheme(stored(THEME_KEY));
if (systemDark && systemDark.addEventListener) systemDark.addEventListener("change", () => applyTheme(document.documentElement.dataset.theme));

whenPresent(
  () => document.querySelector(".topbar h1"),
  () => {
    document.querySelector(".topbar h1").after(themeButton());
    applyTheme(document.documentElement.dataset.theme);
  },
);

if (!embedded && stored(TOUR_KEY) === null) {
  whenPresent(
    () => document.body && document.body.dataset.ready === "true",
    () => import("./tour.js").then((tour) => tour.start(TOUR_KEY)),
  );
}
