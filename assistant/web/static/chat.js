// Chat page of the mentorship assistant.
//
// Sends each message to POST /api/chat as {sender, message} and renders the bot
// messages of Rasa's REST channel: text, quick-reply buttons and the custom
// payloads "mentors", "resources" and "handoff". Every text from the server is
// inserted with textContent or createTextNode, never as HTML.
"use strict";

(function () {
  const SENDER_KEY = "hnpm.sender";
  const OFFLINE_TEXT =
    "Sorry, the assistant cannot be reached right now. Please try again later. " +
    "If you are in crisis or thinking about suicide, call or text 988 (Suicide & " +
    "Crisis Lifeline) or text HOME to 741741 (Crisis Text Line). " +
    "In an emergency, call 911.";

  const messageList = document.getElementById("messages");
  const form = document.getElementById("composer");
  const input = document.getElementById("message-input");
  const sendButton = document.getElementById("send-button");
  const sender = loadSenderId();

  // Return the conversation id kept in localStorage, creating a random one.
  // Without localStorage (blocked by the browser) the id lasts for this page only.
  function loadSenderId() {
    try {
      const stored = window.localStorage.getItem(SENDER_KEY);
      if (stored) {
        return stored;
      }
      const created = randomId();
      window.localStorage.setItem(SENDER_KEY, created);
      return created;
    } catch (error) {
      return randomId();
    }
  }

  // crypto.getRandomValues works on plain http too, unlike crypto.randomUUID.
  function randomId() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function addEntry(role) {
    const entry = element("li", "message message-" + role);
    messageList.appendChild(entry);
    return entry;
  }

  function scrollToEnd() {
    messageList.scrollTop = messageList.scrollHeight;
  }

  function showUserText(text) {
    addEntry("user").appendChild(element("p", "bubble", text));
    scrollToEnd();
  }

  function showBotText(text) {
    addEntry("bot").appendChild(element("p", "bubble", text));
    scrollToEnd();
  }

  function renderQuickReplies(entry, buttons) {
    const group = element("div", "quick-replies");
    buttons.forEach((button) => {
      if (!button || typeof button.payload !== "string") {
        return;
      }
      const node = element("button", null, button.title || button.payload);
      node.type = "button";
      node.addEventListener("click", () => {
        group.querySelectorAll("button").forEach((other) => {
          other.disabled = true;
        });
        send(button.payload, button.title || button.payload);
      });
      group.appendChild(node);
    });
    entry.appendChild(group);
  }

  function addDetail(card, label, value) {
    if (typeof value === "string" && value) {
      card.appendChild(element("p", null, label + value));
    } else if (Array.isArray(value) && value.length) {
      card.appendChild(element("p", null, label + value.join(", ")));
    }
  }

  function renderMentors(entry, mentors) {
    const list = element("ul", "card-list");
    mentors.forEach((mentor) => {
      const card = element("li", "card");
      card.appendChild(element("h2", null, mentor.name));
      addDetail(card, "Program: ", mentor.program);
      addDetail(card, "Languages: ", mentor.languages);
      addDetail(card, "Meets by: ", mentor.meeting_modes);
      if (Array.isArray(mentor.reasons) && mentor.reasons.length) {
        const reasons = element("ul");
        mentor.reasons.forEach((reason) => reasons.appendChild(element("li", null, reason)));
        card.appendChild(reasons);
      }
      addDetail(card, "", mentor.bio);
      list.appendChild(card);
    });
    entry.appendChild(list);
  }

  function isWebAddress(value) {
    return typeof value === "string" && /^https?:\/\//i.test(value);
  }

  function renderResources(entry, resources) {
    const list = element("ul", "card-list");
    resources.forEach((resource) => {
      const card = element("li", "card");
      card.appendChild(element("h2", null, resource.name));
      addDetail(card, "", resource.description);
      addDetail(card, "Phone: ", resource.phone);
      addDetail(card, "Email: ", resource.email);
      addDetail(card, "Hours: ", resource.hours);
      if (isWebAddress(resource.url)) {
        const link = element("a", null, resource.url);
        link.href = resource.url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        const line = element("p");
        line.appendChild(link);
        card.appendChild(line);
      }
      list.appendChild(card);
    });
    entry.appendChild(list);
  }

  function renderHandoff(entry, handoff) {
    const text =
      "Your conversation was passed to a program coordinator. Reference number: " +
      handoff.id + ".";
    entry.appendChild(element("p", "bubble", text));
  }

  function renderCustom(entry, custom) {
    if (!custom || typeof custom !== "object") {
      return;
    }
    if (custom.type === "mentors" && Array.isArray(custom.mentors)) {
      renderMentors(entry, custom.mentors);
    } else if (custom.type === "resources" && Array.isArray(custom.resources)) {
      renderResources(entry, custom.resources);
    } else if (custom.type === "handoff" && custom.handoff) {
      renderHandoff(entry, custom.handoff);
    }
  }

  function renderBotMessage(message) {
    const entry = addEntry("bot");
    if (typeof message.text === "string" && message.text) {
      entry.appendChild(element("p", "bubble", message.text));
    }
    if (isWebAddress(message.image)) {
      const image = element("img");
      image.src = message.image;
      image.alt = "";
      entry.appendChild(image);
    }
    renderCustom(entry, message.custom);
    if (Array.isArray(message.buttons) && message.buttons.length) {
      renderQuickReplies(entry, message.buttons);
    }
    if (!entry.childNodes.length) {
      entry.remove();
    }
  }

  async function send(message, shownText) {
    showUserText(shownText);
    sendButton.disabled = true;
    try {
      const response = await fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: sender, message: message }),
      });
      const messages = await response.json();
      if (!Array.isArray(messages)) {
        throw new Error("unexpected response");
      }
      messages.forEach((item) => {
        if (item && typeof item === "object") {
          renderBotMessage(item);
        }
      });
    } catch (error) {
      showBotText(OFFLINE_TEXT);
    } finally {
      sendButton.disabled = false;
      scrollToEnd();
      input.focus();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) {
      return;
    }
    input.value = "";
    send(text, text);
  });
})();
