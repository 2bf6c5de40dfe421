// DOM of one message: its text, quick-reply buttons and the mentor, resource and
// handoff cards of `custom` payloads. Every text from the server or the user is set
// with textContent, so markup in a message shows as typed and never runs.

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  return node;
}

const CONFIDENTIALITY_LABELS = {
  confidential: "Confidential",
  private: "Private: shared only with staff who need to know",
  reporting: "Must report sexual misconduct to the Title IX office",
};

function asList(value) {
  if (Array.isArray(value)) {
    return value.filter((item) => typeof item === "string" && item);
  }
  return typeof value === "string" && value ? [value] : [];
}

function addDetail(card, label, value) {
  const items = asList(value);
  if (items.length) {
    card.appendChild(element("p", "hnpm-card-detail", label + items.join(", ")));
  }
}

// Only web, mail and phone addresses become links, so a `javascript:` address in a
// payload stays plain text.
function safeHref(value, kind) {
  if (typeof value !== "string" || !value) {
    return null;
  }
  if (kind === "url") {
    return /^https?:\/\//i.test(value) ? value : null;
  }
  if (kind === "email") {
    return /^[^\s@]+@[^\s@]+$/.test(value) ? "mailto:" + value : null;
  }
  const digits = value.replace(/[^\d+]/g, "");
  return digits.length >= 3 ? "tel:" + digits : null;
}

function addLink(card, label, value, kind) {
  const href = safeHref(value, kind);
  if (!href) {
    addDetail(card, label, value);
    return;
  }
  const line = element("p", "hnpm-card-detail", label);
  const link = element("a", null, value);
  link.href = href;
  if (kind === "url") {
    link.target = "_blank";
    link.rel = "noopener noreferrer";
  }
  line.appendChild(link);
  card.appendChild(line);
}

function mentorCard(mentor) {
  const card = element("li", "hnpm-card");
  card.appendChild(element("h3", "hnpm-card-title", mentor.name));
  addDetail(card, "Program: ", mentor.program);
  addDetail(card, "Meets by: ", mentor.meeting_modes);
  addDetail(card, "Languages: ", mentor.languages);
  const reasons = asList(mentor.reasons);
  if (reasons.length) {
    card.appendChild(element("p", "hnpm-card-detail", "Why this mentor:"));
    const list = element("ul", "hnpm-reasons");
    reasons.forEach((reason) => list.appendChild(element("li", null, reason)));
    card.appendChild(list);
  }
  addDetail(card, "", mentor.bio);
  return card;
}

function resourceCard(resource) {
  const card = element("li", "hnpm-card");
  card.appendChild(element("h3", "hnpm-card-title", resource.name));
  addDetail(card, "", resource.description);
  addDetail(card, "", CONFIDENTIALITY_LABELS[resource.confidentiality]);
  addLink(card, "Phone: ", resource.phone, "phone");
  addLink(card, "Email: ", resource.email, "email");
  addLink(card, "Website: ", resource.url, "url");
  addDetail(card, "Hours: ", resource.hours);
  if (resource.verify === true) {
    addDetail(card, "", "Placeholder contact details: check the university website.");
  }
  return card;
}

function cardList(label, items, build) {
  const list = element("ul", "hnpm-cards");
  list.setAttribute("aria-label", label);
  items
    .filter((item) => item && typeof item === "object" && typeof item.name === "string")
    .forEach((item) => list.appendChild(build(item)));
  return list;
}

function renderCustom(entry, custom) {
  if (!custom || typeof custom !== "object") {
    return;
  }
  if (custom.type === "mentors" && Array.isArray(custom.mentors)) {
    entry.appendChild(cardList("Suggested mentors", custom.mentors, mentorCard));
  } else if (custom.type === "resources" && Array.isArray(custom.resources)) {
    entry.appendChild(cardList("Campus resources", custom.resources, resourceCard));
  } else if (custom.type === "handoff" && custom.handoff) {
    const text =
      "A program coordinator has been notified. Reference number: " +
      String(custom.handoff.id) +
      ".";
    entry.appendChild(element("p", "hnpm-bubble hnpm-notice", text));
  }
}

function renderText(entry, text) {
  // Rasa responses separate paragraphs with a blank line.
  String(text)
    .split(/\n\s*\n/)
    .filter((part) => part.trim())
    .forEach((part) => entry.appendChild(element("p", "hnpm-bubble", part)));
}

// Builds the <li> of one message. `onReply` receives a pressed quick reply; the
// buttons are shown only on the newest message.
export function renderMessage(message, isNewest, onReply) {
  const entry = element("li", "hnpm-message hnpm-" + message.role);
  let author = "You";
  if (message.role === "bot") {
    author = "Assistant";
  } else if (message.role === "coordinator") {
    author = (message.coordinator || "Coordinator") + " (program coordinator)";
  }
  entry.appendChild(element("span", "hnpm-author", author));
  if (message.text) {
    renderText(entry, message.text);
  }
  renderCustom(entry, message.custom);

  const replies = Array.isArray(message.quick_replies) ? message.quick_replies : [];
  if (isNewest && replies.length) {
    const group = element("div", "hnpm-replies");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Suggested replies");
    replies.forEach((reply) => {
      const button = element("button", "hnpm-reply", reply.title);
      button.type = "button";
      button.addEventListener("click", () => onReply(reply));
      group.appendChild(button);
    });
    entry.appendChild(group);
  }
  return entry;
}
