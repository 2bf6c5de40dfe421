// Coordinator console: login, handoff queue and conversation, matches, roster.
// Every text from the server is set with textContent, never parsed as HTML.
"use strict";

(function () {
  const DETAIL_REFRESH_MS = 3000;
  const QUEUE_REFRESH_MS = 15000;
  const PRIORITY_LABELS = { urgent: "Urgent", high: "High", normal: "Normal" };
  const SENDER_LABELS = { user: "Mentee", bot: "Bot", coordinator: "Coordinator" };
  const CATEGORY_LABELS = {
    crisis: "Crisis",
    danger: "Danger to someone",
    title_ix: "Title IX",
    conduct: "Conduct concern",
    human: "Asked for a person",
  };

  const state = { csrf: "", coordinatorId: null, handoffId: null, timer: null };
  const $ = (id) => document.getElementById(id);
  let timeFormat = makeTimeFormat(undefined);

  // Times are shown in the program office's time zone, which the session names.
  function makeTimeFormat(timeZone) {
    const options = {
      weekday: "short", month: "short", day: "numeric", hour: "numeric",
      minute: "2-digit", timeZoneName: "short",
    };
    try {
      return new Intl.DateTimeFormat(undefined, { ...options, timeZone });
    } catch (error) {
      return new Intl.DateTimeFormat(undefined, options);
    }
  }

  function categoryLabel(category) {
    return CATEGORY_LABELS[category] || category;
  }

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    if (method !== "GET") headers["X-CSRF-Token"] = state.csrf;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(path, {
        method, headers, credentials: "same-origin",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, "The console server did not respond. Check the connection.");
    }
    const data = await response.json().catch(() => ({}));
    if (response.status === 401 && path !== "/api/session") showLogin();
    if (!response.ok) {
      const message = data.error || `Request failed with status ${response.status}.`;
      throw new ApiError(response.status, message);
    }
    return data;
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function announce(message) {
    $("status").textContent = message;
  }

  function formatTime(iso) {
    return iso ? timeFormat.format(new Date(iso)) : "";
  }

  function waitingFor(iso) {
    const minutes = Math.max(0, Math.round((Date.now() - new Date(iso)) / 60000));
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} days`;
  }

  // Login and session

  function showLogin() {
    stopRefresh();
    state.csrf = "";
    for (const id of ["account", "views-nav", "queue-view", "handoff-view",
                      "matches-view", "mentors-view"]) $(id).hidden = true;
    $("login-view").hidden = false;
    $("login-email").focus();
  }

  function startSession(session) {
    state.csrf = session.csrf_token;
    state.coordinatorId = session.coordinator_id;
    timeFormat = makeTimeFormat(session.time_zone);
    $("account-email").textContent = session.email;
    $("account").hidden = false;
    $("views-nav").hidden = false;
    $("login-view").hidden = true;
    route();
  }

  async function onLogin(event) {
    event.preventDefault();
    const email = $("login-email").value.trim();
    const password = $("login-password").value;
    if (!email || !password) {
      $("login-error").textContent = "Enter your email and password.";
      return;
    }
    $("login-error").textContent = "";
    try {
      const session = await api("POST", "/api/session", { email, password });
      $("login-password").value = "";
      startSession(session);
      announce("Logged in.");
    } catch (error) {
      $("login-error").textContent = error.message;
    }
  }

  async function onLogout() {
    try {
      await api("DELETE", "/api/session");
    } catch (error) {
      announce(error.message);
      return;
    }
    announce("Logged out.");
    showLogin();
  }

  // Views

  function stopRefresh() {
    if (state.timer !== null) clearInterval(state.timer);
    state.timer = null;
  }

  function showView(name) {
    stopRefresh();
    for (const view of ["queue", "handoff", "matches", "mentors"]) {
      $(`${view}-view`).hidden = view !== name;
    }
    for (const link of document.querySelectorAll(".views-nav a")) {
      if (link.dataset.view === name) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  }

  function route() {
    const match = location.pathname.match(/^\/console\/handoffs\/(\d+)$/);
    if (match) openHandoff(Number(match[1]));
    else if (location.hash === "#matches") openMatches();
    else if (location.hash === "#mentors") openMentors();
    else openQueue();
  }

  function navigate(url, focusHeading) {
    history.pushState(null, "", url);
    route();
    if (focusHeading) {
      const heading = document.querySelector("section:not([hidden]) h2");
      if (heading) heading.focus();
    }
  }

  function onLinkClick(event) {
    const link = event.target.closest("a[data-view], a[data-handoff]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    navigate(link.getAttribute("href"), true);
  }

  // Handoff queue

  async function openQueue() {
    showView("queue");
    await loadQueue();
    state.timer = setInterval(loadQueue, QUEUE_REFRESH_MS);
  }

  async function loadQueue() {
    let items;
    try {
      items = await api("GET", "/api/handoffs?order=priority&resolved=false");
      $("queue-error").textContent = "";
    } catch (error) {
      $("queue-error").textContent = error.message;
      return;
    }
    const list = $("queue");
    list.replaceChildren(...items.map(queueCard));
    $("queue-empty").hidden = items.length > 0;
  }

  function queueCard(item) {
    const card = element("li", null, `card priority-${item.priority}`);
    const heading = element("h3");
    const link = element("a", `Handoff ${item.id}: ${categoryLabel(item.category)}`);
    link.href = `/console/handoffs/${item.id}`;
    link.dataset.handoff = String(item.id);
    heading.append(link);
    card.append(heading);

    const badges = element("p");
    badges.append(element("span", PRIORITY_LABELS[item.priority] || item.priority,
                          `badge ${item.priority}`), " ");
    badges.append(element("span", item.status === "claimed" ? "Claimed" : "Open", "badge"));
    const overdue = new Date(item.due_at) < new Date();
    if (overdue) badges.append(" ", element("span", "Overdue", "badge overdue"));
    card.append(badges);
    card.append(element("p", `Waiting ${waitingFor(item.created_at)}`));
    card.append(element("p", `Due ${formatTime(item.due_at)}`));
    return card;
  }

  // One handoff

  async function openHandoff(id) {
    showView("handoff");
    state.handoffId = id;
    $("handoff-heading").textContent = `Handoff ${id}`;
    $("transcript").replaceChildren();
    const handoff = await loadHandoff();
    if (handoff && handoff.status !== "resolved") {
      state.timer = setInterval(loadHandoff, DETAIL_REFRESH_MS);
    }
  }

  async function loadHandoff() {
    const id = state.handoffId;
    try {
      const handoff = await api("GET", `/api/handoffs/${id}`);
      if (id === state.handoffId) renderHandoff(handoff);
      $("handoff-error").textContent = "";
      return handoff;
    } catch (error) {
      $("handoff-error").textContent = error.message;
      return null;
    }
  }

  function renderHandoff(handoff) {
    const facts = [
      ["Category", categoryLabel(handoff.category)],
      ["Priority", PRIORITY_LABELS[handoff.priority] || handoff.priority],
      ["Status", handoffStatus(handoff)],
      ["Created", formatTime(handoff.created_at)],
      ["Due", formatTime(handoff.due_at) +
        (handoff.status !== "resolved" && new Date(handoff.due_at) < new Date()
          ? " (overdue)" : "")],
      ["Conversation id", handoff.sender_id],
    ];
    if (handoff.notices.length) facts.push(["Notices shown", handoff.notices.join(", ")]);
    if (handoff.resources.length) facts.push(["Resources", handoff.resources.join(", ")]);
    $("handoff-facts").replaceChildren(...facts.flatMap(([term, value]) =>
      [element("dt", term), element("dd", value)]));
    renderIntake(handoff.intake);
    renderTranscript(handoff);
    renderActions(handoff);
  }

  function handoffStatus(handoff) {
    if (handoff.status === "resolved") return "Resolved";
    if (handoff.status === "open") return "Open: nobody has claimed it";
    const who = handoff.claimed_by === state.coordinatorId ? "you" : "another coordinator";
    return handoff.bot_paused
      ? `Claimed by ${who}; the bot is paused`
      : `Claimed by ${who}; the bot answers again`;
  }

  function renderIntake(intake) {
    const box = $("handoff-intake");
    box.replaceChildren();
    if (!intake) return;
    box.append(element("h3", "Intake"));
    const list = element("dl", null, "facts");
    for (const [key, value] of Object.entries(intake)) {
      if (value === null || value === "" || (Array.isArray(value) && !value.length)) continue;
      const text = Array.isArray(value) ? value.join(", ") : String(value);
      list.append(element("dt", key.replace(/_/g, " ")), element("dd", text));
    }
    box.append(list);
  }

  // Only new messages are appended, so that a refresh does not move a screen
  // reader's place in the list; a new message from the mentee is announced.
  function renderTranscript(handoff) {
    const list = $("transcript");
    const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    const items = handoff.transcript.map(messageItem);
    const divider = element("li", `Handed off ${formatTime(handoff.created_at)}`, "divider");
    divider.dataset.key = "divider";
    items.push(divider, ...handoff.live.map(messageItem));
    const shown = [...list.children].map((item) => item.dataset.key);
    const isPrefix = shown.length > 0 && shown.every((key, i) => items[i] &&
      items[i].dataset.key === key);
    if (isPrefix) {
      const added = items.slice(shown.length);
      list.append(...added);
      if (added.some((item) => item.classList.contains("user"))) {
        announce("New message from the mentee.");
      }
    } else {
      list.replaceChildren(...items);
    }
    if (nearBottom) list.scrollTop = list.scrollHeight;
    $("live-error").textContent = handoff.live_error || "";
  }

  function messageItem(line) {
    const item = element("li", null, line.sender);
    item.dataset.key = `${line.sender}|${line.timestamp}|${line.text}`;
    item.append(element("span", `${SENDER_LABELS[line.sender] || line.sender}, ` +
                                formatTime(line.timestamp), "sender"));
    item.append(document.createTextNode(line.text));
    return item;
  }

  function renderActions(handoff) {
    const resolved = handoff.status === "resolved";
    const mine = handoff.claimed_by === state.coordinatorId;
    const holding = handoff.status === "claimed" && handoff.bot_paused && mine;
    const otherHolds = handoff.status === "claimed" && !mine && handoff.claimed_by !== null;
    $("handoff-actions").hidden = resolved;
    $("claim-button").hidden = holding || otherHolds;
    $("claim-button").textContent = mine ? "Join the chat again" : "Claim and join the chat";
    $("reply-form").hidden = !holding;
    $("hand-back-button").hidden = !holding;
    $("resolve-form").hidden = otherHolds;
    $("resolution").hidden = !resolved;
    $("resolution").textContent = resolved
      ? `Resolved ${formatTime(handoff.resolved_at)}. Note: ${handoff.resolution_note || ""}`
      : "";
  }

  async function handoffAction(action, body, doneMessage, button) {
    if (button) button.disabled = true;
    try {
      const handoff = await api("POST", `/api/handoffs/${state.handoffId}/${action}`, body);
      renderHandoff(handoff);
      $("handoff-error").textContent = "";
      announce(doneMessage);
      if (handoff.status === "resolved") stopRefresh();
      return true;
    } catch (error) {
      $("handoff-error").textContent = error.message;
      return false;
    } finally {
      if (button) button.disabled = false;
    }
  }

  async function onClaim(event) {
    const ok = await handoffAction("claim", undefined,
      "You joined the chat. The bot is paused.", event.currentTarget);
    if (ok) $("reply-text").focus();
  }

  async function onReply(event) {
    event.preventDefault();
    const text = $("reply-text").value.trim();
    if (!text) {
      $("handoff-error").textContent = "Write a reply first.";
      return;
    }
    const button = event.currentTarget.querySelector("button");
    if (await handoffAction("reply", { text }, "Reply sent.", button)) {
      $("reply-text").value = "";
      $("reply-text").focus();
    }
  }

  async function onHandBack(event) {
    await handoffAction("hand-back", undefined,
      "The bot answers the mentee again.", event.currentTarget);
  }

  async function onResolve(event) {
    event.preventDefault();
    const note = $("resolve-note").value.trim();
    if (!note) {
      $("handoff-error").textContent = "Write a resolution note first.";
      $("resolve-note").focus();
      return;
    }
    const button = event.currentTarget.querySelector("button");
    if (await handoffAction("resolve", { note }, "Handoff resolved.", button)) {
      $("resolve-note").value = "";
      $("handoff-heading").focus();
    }
  }

  function start() {
    $("login-form").addEventListener("submit", onLogin);
    $("logout-button").addEventListener("click", onLogout);
    $("claim-button").addEventListener("click", onClaim);
    $("reply-form").addEventListener("submit", onReply);
    $("hand-back-button").addEventListener("click", onHandBack);
    $("resolve-form").addEventListener("submit", onResolve);
    document.addEventListener("click", onLinkClick);
    window.addEventListener("popstate", route);
    window.addEventListener("hashchange", route);
    api("GET", "/api/session").then(startSession, showLogin);
  }

  // Helpers for console.matches.js.
  window.hnpmConsole = { api, element, announce, formatTime, showView, stopRefresh };
  const openMatches = () => window.hnpmConsoleMatches.openMatches();
  const openMentors = () => window.hnpmConsoleMatches.openMentors();

  start();
})();
