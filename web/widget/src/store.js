// The conversation as this browser keeps it: the session id, the messages and the
// coordinator state, in localStorage so that reloads and other tabs share them.

const PREFIX = "hnpm-widget:";
// Older messages are dropped from the stored copy. The history endpoint still
// returns the whole conversation after a reload.
const MAX_STORED_MESSAGES = 500;

function randomHex(bytes) {
  const values = new Uint8Array(bytes);
  window.crypto.getRandomValues(values);
  return Array.from(values, (value) => value.toString(16).padStart(2, "0")).join("");
}

export function newClientId() {
  return randomHex(12);
}

function read(key, fallback) {
  try {
    const raw = window.localStorage.getItem(PREFIX + key);
    return raw === null ? fallback : JSON.parse(raw);
  } catch (error) {
    // Storage may be disabled (private mode) or hold a value of an older version.
    return fallback;
  }
}

function write(key, value) {
  try {
    window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch (error) {
    // Without storage the conversation still works, but only until a reload.
  }
}

// The key under which a message is de-duplicated. A user message typed here has the
// id it was sent with, every other message the timestamp of its tracker event.
export function messageKey(message) {
  if (message.role === "user" && message.client_id) {
    return "user:" + message.client_id;
  }
  return message.role + ":" + message.timestamp;
}

export class ConversationStore {
  constructor() {
    let sessionId = read("session", null);
    if (typeof sessionId !== "string" || !/^[0-9a-f]{32}$/.test(sessionId)) {
      sessionId = randomHex(16);
      write("session", sessionId);
    }
    this.sessionId = sessionId;
    this.listeners = [];
    this.load();
    window.addEventListener("storage", (event) => {
      if (event.key && event.key.startsWith(PREFIX)) {
        this.load();
        this.notify();
      }
    });
  }

  load() {
    const messages = read("messages:" + this.sessionId, []);
    this.messages = Array.isArray(messages) ? messages : [];
    const coordinator = read("coordinator:" + this.sessionId, null);
    this.coordinator =
      coordinator && typeof coordinator === "object"
        ? coordinator
        : { active: false, name: "", notified: false };
  }

  save() {
    write("messages:" + this.sessionId, this.messages.slice(-MAX_STORED_MESSAGES));
    write("coordinator:" + this.sessionId, this.coordinator);
  }

  onChange(listener) {
    this.listeners.push(listener);
  }

  notify() {
    this.listeners.forEach((listener) => listener(this));
  }

  has(message) {
    const key = messageKey(message);
    return this.messages.some((stored) => messageKey(stored) === key);
  }

  // Adds a message unless one with the same key is stored. Returns whether it did.
  add(message) {
    if (this.has(message)) {
      return false;
    }
    this.messages.push(message);
    this.save();
    this.notify();
    return true;
  }

  update(message, changes) {
    const key = messageKey(message);
    this.messages = this.messages.map((stored) =>
      messageKey(stored) === key ? Object.assign({}, stored, changes) : stored,
    );
    this.save();
  }

  setCoordinator(changes) {
    this.coordinator = Object.assign({}, this.coordinator, changes);
    this.save();
    this.notify();
  }

  // Replaces the stored messages with the server's history. A stored message that
  // the history lacks is kept only when the server may not have saved it yet: a
  // user message not yet confirmed, or a message newer than the newest in history.
  merge(history) {
    const merged = history.messages.slice();
    const keys = new Set(merged.map(messageKey));
    const newest = merged.reduce((max, message) => Math.max(max, message.timestamp), 0);
    for (const message of this.messages) {
      if (keys.has(messageKey(message))) {
        continue;
      }
      if (message.role === "user" ? message.pending : message.timestamp > newest) {
        merged.push(message);
      }
    }
    this.messages = merged;
    this.coordinator = Object.assign({}, this.coordinator, {
      active: history.coordinator_active,
    });
    this.save();
    this.notify();
  }

  // User messages to send after a (re)connect: those never sent, and after a sync
  // with the server's history also those that the history lacks.
  messagesToSend(synced) {
    return this.messages.filter(
      (message) =>
        message.role === "user" && (message.unsent || (synced && message.pending)),
    );
  }
}
