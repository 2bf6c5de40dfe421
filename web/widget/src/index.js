// Chat widget of the mentorship assistant, embedded with one script tag:
//
//   <script src="https://app.example.edu/static/widget.js"
//           data-rasa-url="https://rasa.example.edu" defer></script>
//
// Attributes: data-rasa-url (required) is the Rasa server with the socket.io
// channel; data-api-url is the web app that serves the message history (default:
// the origin of this script); data-container is a CSS selector of an element to fill
// (default: a floating launcher button); data-open="true" opens the floating panel.
// The stylesheet widget.css is loaded from beside this script.

import { io } from "socket.io-client";

import { ConversationStore, messageKey, newClientId } from "./store.js";
import { element, renderMessage } from "./render.js";
import { buildPanel, setOpen } from "./ui.js";
import "./widget.css";

const HUMAN_PAYLOAD = "/request_human";
// The typing indicator hides after this long even when no reply comes.
const TYPING_TIMEOUT_MS = 30000;
const EMPTY_TEXT = 'Say hello, or type "I would like a mentor" to start.';

function readConfig(script) {
  const source = new URL(script.src, window.location.href);
  const data = script.dataset;
  return {
    rasaUrl: data.rasaUrl || "",
    apiUrl: (data.apiUrl || source.origin).replace(/\/+$/, ""),
    container: data.container || "",
    open: data.open === "true",
    stylesheet: source.href.replace(/\.js(\?.*)?$/, ".css"),
  };
}

function loadStylesheet(href) {
  if (document.querySelector('link[data-hnpm-widget="style"]')) {
    return;
  }
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  link.dataset.hnpmWidget = "style";
  document.head.appendChild(link);
}

class ChatWidget {
  constructor(config, root) {
    this.config = config;
    this.store = new ConversationStore();
    this.ui = buildPanel(root, !config.container);
    this.connected = false;
    this.typingTimer = null;
    this.bindControls();
    this.store.onChange(() => this.render());
    this.render();
    this.connect();
  }

  bindControls() {
    const ui = this.ui;
    ui.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = ui.input.value.trim();
      if (text) {
        ui.input.value = "";
        this.send(text, text);
      }
    });
    // Enter sends and Shift+Enter starts a new line, as in most chat apps.
    ui.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        ui.form.requestSubmit();
      }
    });
    ui.humanButton.addEventListener("click", () =>
      this.send(HUMAN_PAYLOAD, "Talk to a person"),
    );
    if (ui.launcher) {
      ui.launcher.addEventListener("click", () => setOpen(ui, true));
      ui.closeButton.addEventListener("click", () => setOpen(ui, false));
      ui.panel.addEventListener("keydown", (event) => {
        if (event.key === "Escape") {
          setOpen(ui, false);
        }
      });
      ui.panel.hidden = !this.config.open;
      ui.launcher.hidden = this.config.open;
      ui.launcher.setAttribute("aria-expanded", String(this.config.open));
    }
  }

  connect() {
    if (!this.config.rasaUrl) {
      this.ui.status.textContent = "The chat is not set up: data-rasa-url is missing.";
      return;
    }
    this.socket = io(this.config.rasaUrl, { path: "/socket.io" });
    this.socket.on("connect", () => {
      this.socket.emit("session_request", { session_id: this.store.sessionId });
    });
    this.socket.on("session_confirm", () => this.onSessionConfirmed());
    this.socket.on("disconnect", () => {
      this.connected = false;
      this.render();
    });
    this.socket.on("bot_uttered", (data) => this.onBotMessage(data));
    this.socket.on("coordinator_status", (data) => this.onCoordinatorStatus(data));
  }

  // After a successful sync, every user message that the history lacks is sent
  // again: the channel drops one that it received before, by its client id.
  async onSessionConfirmed() {
    const synced = await this.syncHistory();
    this.connected = true;
    for (const message of this.store.messagesToSend(synced)) {
      this.emit(message);
    }
    this.render();
  }

  // Replaces the stored messages with the server's, so that nothing sent while this
  // tab was away is missing and nothing is shown twice. Returns whether it did.
  async syncHistory() {
    const url =
      this.config.apiUrl +
      "/api/conversations/" +
      encodeURIComponent(this.store.sessionId) +
      "/messages";
    try {
      const response = await fetch(url, { credentials: "omit" });
      if (!response.ok) {
        return false;
      }
      const history = await response.json();
      if (history && Array.isArray(history.messages)) {
        this.store.merge(history);
        return true;
      }
    } catch (error) {
      // The stored copy stays; the next reconnect tries again.
    }
    return false;
  }

  send(payload, shownText) {
    const message = {
      role: "user",
      text: shownText,
      payload: payload,
      client_id: newClientId(),
      timestamp: Date.now() / 1000,
      pending: true,
      unsent: true,
    };
    this.store.add(message);
    if (this.connected) {
      this.emit(message);
    }
    if (!this.store.coordinator.active) {
      this.setTyping(true);
    }
    this.ui.input.focus();
  }

  emit(message) {
    this.socket.emit("user_uttered", {
      message: message.payload || message.text,
      session_id: this.store.sessionId,
      metadata: { client_id: message.client_id, display_text: message.text },
    });
    this.store.update(message, { unsent: false });
  }

  onBotMessage(data) {
    if (!data || typeof data !== "object") {
      return;
    }
    const coordinator = typeof data.coordinator === "string" ? data.coordinator : "";
    const message = {
      role: coordinator ? "coordinator" : "bot",
      text: typeof data.text === "string" ? data.text : "",
      timestamp:
        typeof data.timestamp === "number" ? data.timestamp : Date.now() / 1000,
    };
    if (coordinator) {
      message.coordinator = coordinator;
      this.store.setCoordinator({ active: true, name: coordinator });
    }
    if (Array.isArray(data.quick_replies)) {
      message.quick_replies = data.quick_replies;
    }
    if (data.custom && typeof data.custom === "object") {
      message.custom = data.custom;
      if (data.custom.type === "handoff") {
        this.store.setCoordinator({ notified: true });
      }
    }
    this.setTyping(false);
    this.store.add(message);
  }

  onCoordinatorStatus(data) {
    if (!data || typeof data !== "object") {
      return;
    }
    const name = typeof data.coordinator === "string" ? data.coordinator : "";
    this.store.setCoordinator({ active: data.active === true, name: name });
    this.setTyping(false);
  }

  setTyping(typing) {
    window.clearTimeout(this.typingTimer);
    this.ui.typing.hidden = !typing;
    if (typing) {
      this.typingTimer = window.setTimeout(
        () => this.setTyping(false),
        TYPING_TIMEOUT_MS,
      );
    }
  }

  statusText() {
    const coordinator = this.store.coordinator;
    if (!this.connected && this.socket) {
      return "Connecting… Messages you send now go out once the chat is connected.";
    }
    if (coordinator.active) {
      const who = coordinator.name
        ? coordinator.name + ", a program coordinator,"
        : "A program coordinator";
      return who + " has joined the chat. The assistant is paused.";
    }
    if (coordinator.notified) {
      return "A program coordinator has been notified and will follow up.";
    }
    return "";
  }

  render() {
    const ui = this.ui;
    const status = this.statusText();
    if (ui.status.textContent !== status) {
      ui.status.textContent = status;
    }
    ui.panel.classList.toggle("hnpm-coordinator-active", this.store.coordinator.active);

    this.renderLog();
  }

  // Appends only the new messages when the stored list grew at its end, so that the
  // live region announces each new message once. Any other change rebuilds the log.
  renderLog() {
    const log = this.ui.log;
    const messages = this.store.messages;
    const keys = messages.map(messageKey);
    const shown = this.shownKeys || [];
    const grewAtEnd =
      shown.length > 0 &&
      shown.length <= keys.length &&
      shown.every((key, index) => key === keys[index]);
    if (grewAtEnd && shown.length === keys.length) {
      return;
    }
    const reply = (choice) => this.send(choice.payload, choice.title);
    if (grewAtEnd) {
      // Quick replies belong to the newest message only.
      log.querySelectorAll(".hnpm-replies").forEach((group) => group.remove());
      messages.slice(shown.length).forEach((message, offset) => {
        const isNewest = shown.length + offset === messages.length - 1;
        log.appendChild(renderMessage(message, isNewest, reply));
      });
    } else {
      const entries = messages.map((message, index) =>
        renderMessage(message, index === messages.length - 1, reply),
      );
      if (!entries.length) {
        entries.push(element("li", "hnpm-empty", EMPTY_TEXT));
      }
      log.replaceChildren(...entries);
    }
    this.shownKeys = keys;
    log.scrollTop = log.scrollHeight;
  }
}

function start() {
  const script =
    document.currentScript || document.querySelector("script[data-rasa-url]");
  if (!script) {
    return;
  }
  const config = readConfig(script);
  loadStylesheet(config.stylesheet);
  const mount = () => {
    let root = config.container ? document.querySelector(config.container) : null;
    if (!root) {
      root = document.createElement("div");
      document.body.appendChild(root);
      config.container = "";
    }
    window.hnpmChatWidget = new ChatWidget(config, root);
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
}

start();
