// The widget's panel: header with the coordinator state, privacy notice, message
// log, typing indicator and composer. DOM order is the keyboard focus order.

import { element } from "./render.js";

export const PRIVACY_SUMMARY =
  "Privacy: program coordinators read this chat. In an emergency, call 911.";
export const PRIVACY_TEXT =
  "Your messages are stored by the mentorship program and read by its coordinators. " +
  "Mentors and coordinators must report sexual misconduct (Title IX) to the " +
  "university. For confidential help, contact the Counseling Center or call or " +
  "text 988. In an emergency, call 911.";

function button(className, text) {
  const node = element("button", className, text);
  node.type = "button";
  return node;
}

function buildHeader(ui, floating) {
  const header = element("div", "hnpm-header");
  ui.title = element("h2", "hnpm-title", "Mentorship assistant");
  ui.title.id = "hnpm-title";
  header.appendChild(ui.title);
  if (floating) {
    ui.closeButton = button("hnpm-close", "Close");
    ui.closeButton.setAttribute("aria-label", "Close the chat");
    header.appendChild(ui.closeButton);
  }
  // Coordinator and connection states, read out by screen readers when they change.
  ui.status = element("p", "hnpm-status");
  ui.status.setAttribute("role", "status");
  header.appendChild(ui.status);
  return header;
}

function buildComposer(ui) {
  ui.form = element("form", "hnpm-composer");
  ui.form.setAttribute("autocomplete", "off");
  const label = element("label", "hnpm-visually-hidden", "Message");
  label.htmlFor = "hnpm-input";
  ui.input = element("textarea", "hnpm-input");
  ui.input.id = "hnpm-input";
  ui.input.rows = 2;
  ui.input.maxLength = 10000;
  ui.input.placeholder = "Type a message";
  ui.sendButton = element("button", "hnpm-send", "Send");
  ui.sendButton.type = "submit";
  ui.humanButton = button("hnpm-human", "Talk to a person");
  ui.form.append(label, ui.input, ui.sendButton, ui.humanButton);
  return ui.form;
}

// Builds the panel into `root`. With `floating`, a launcher button opens it.
export function buildPanel(root, floating) {
  const ui = {};
  root.classList.add("hnpm-widget");
  if (floating) {
    root.classList.add("hnpm-floating");
    ui.launcher = button("hnpm-launcher", "Chat with the mentorship assistant");
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.setAttribute("aria-controls", "hnpm-panel");
    root.appendChild(ui.launcher);
  }

  ui.panel = element("section", "hnpm-panel");
  ui.panel.id = "hnpm-panel";
  ui.panel.setAttribute("aria-labelledby", "hnpm-title");
  ui.panel.appendChild(buildHeader(ui, floating));
  // The summary line is always visible; the full notice opens below it, so that the
  // conversation keeps its room on a 360 px screen.
  const privacy = element("details", "hnpm-privacy");
  privacy.appendChild(element("summary", null, PRIVACY_SUMMARY));
  privacy.appendChild(element("p", null, PRIVACY_TEXT));
  ui.panel.appendChild(privacy);

  // A polite live region: screen readers announce each message added to the list.
  // It keeps the list role, because role="log" would leave its <li> items outside
  // any list.
  ui.log = element("ol", "hnpm-log");
  ui.log.setAttribute("aria-live", "polite");
  ui.log.setAttribute("aria-label", "Conversation");
  ui.log.tabIndex = 0;
  ui.panel.appendChild(ui.log);

  ui.typing = element("p", "hnpm-typing", "The assistant is typing…");
  ui.typing.hidden = true;
  ui.panel.appendChild(ui.typing);
  ui.panel.appendChild(buildComposer(ui));
  root.appendChild(ui.panel);
  return ui;
}

export function setOpen(ui, open) {
  if (!ui.launcher) {
    return;
  }
  ui.panel.hidden = !open;
  ui.launcher.hidden = open;
  ui.launcher.setAttribute("aria-expanded", String(open));
  if (open) {
    ui.input.focus();
  } else {
    ui.launcher.focus();
  }
}
