// Coordinator console: pending mentor matches and the mentor roster.
// Uses the helpers that console.js puts on window.hnpmConsole when it starts.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const tools = () => window.hnpmConsole;

  async function openMatches() {
    tools().showView("matches");
    await loadMatches();
  }

  async function loadMatches() {
    let matches;
    try {
      matches = await tools().api("GET", "/api/matches?status=pending");
      $("matches-error").textContent = "";
    } catch (error) {
      $("matches-error").textContent = error.message;
      return;
    }
    $("matches").replaceChildren(...matches.map(matchCard));
    $("matches-empty").hidden = matches.length > 0;
  }

  function menteeName(mentee) {
    if (!mentee) return "Unknown mentee";
    return mentee.preferred_name || mentee.name || mentee.sender_id || "Unknown mentee";
  }

  function matchCard(match) {
    const { element, formatTime } = tools();
    const card = element("li", null, "card");
    const mentor = match.mentor || {};
    const heading = element("h3", `${menteeName(match.mentee)} with ${mentor.name || "?"}`);
    heading.id = `match-${match.id}-heading`;
    card.setAttribute("aria-labelledby", heading.id);
    card.append(heading);
    if (match.mentee && match.mentee.program) {
      card.append(element("p", `Program: ${match.mentee.program}`));
    }
    if (typeof match.score === "number") {
      card.append(element("p", `Score: ${match.score.toFixed(2)}`));
    }
    if (Array.isArray(match.reasons) && match.reasons.length) {
      const reasons = element("ul");
      reasons.append(...match.reasons.map((reason) => element("li", reason)));
      card.append(reasons);
    }
    card.append(element("p", `Requested ${formatTime(match.created_at)}`));
    card.append(matchActions(match));
    return card;
  }

  function matchActions(match) {
    const { element } = tools();
    const box = element("div", null, "card-actions");
    const approve = element("button", "Approve");
    approve.type = "button";
    approve.addEventListener("click", () => decide(match, "approve", undefined, approve));

    const form = element("form", null, "stack");
    const fieldId = `decline-reason-${match.id}`;
    const label = element("label", "Reason for declining");
    label.htmlFor = fieldId;
    const reason = element("textarea");
    reason.id = fieldId;
    reason.rows = 2;
    reason.required = true;
    const decline = element("button", "Decline", "secondary");
    decline.type = "submit";
    form.append(label, reason, decline);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = reason.value.trim();
      if (!text) {
        $("matches-error").textContent = "Write a reason for declining first.";
        reason.focus();
        return;
      }
      decide(match, "decline", { reason: text }, decline);
    });
    box.append(approve, form);
    return box;
  }

  async function decide(match, action, body, button) {
    button.disabled = true;
    try {
      await tools().api("POST", `/api/matches/${match.id}/${action}`, body);
      tools().announce(action === "approve" ? "Match approved." : "Match declined.");
      await loadMatches();
      $("matches-heading").focus();
    } catch (error) {
      $("matches-error").textContent = error.message;
      button.disabled = false;
    }
  }

  async function openMentors() {
    tools().showView("mentors");
    let mentors;
    try {
      mentors = await tools().api("GET", "/api/mentors");
      $("mentors-error").textContent = "";
    } catch (error) {
      $("mentors-error").textContent = error.message;
      return;
    }
    $("mentors").replaceChildren(...mentors.map(mentorCard));
  }

  function mentorCard(mentor) {
    const { element } = tools();
    const card = element("li", null, "card");
    card.append(element("h3", mentor.name));
    card.append(element("p", mentor.email));
    const facts = [
      mentor.program,
      mentor.status ? mentor.status.replace(/_/g, " ") : "",
      mentor.active === false ? "inactive" : "active",
    ].filter(Boolean);
    card.append(element("p", facts.join(" · ")));
    if (typeof mentor.capacity === "number") {
      const used = typeof mentor.active_matches === "number" ? mentor.active_matches : 0;
      card.append(element("p", `Mentees: ${used} of ${mentor.capacity}`));
    }
    const areas = (mentor.support_areas || []).join(", ");
    if (areas) card.append(element("p", `Support areas: ${areas.replace(/_/g, " ")}`));
    const languages = (mentor.languages || []).join(", ");
    if (languages) card.append(element("p", `Languages: ${languages}`));
    return card;
  }

  window.hnpmConsoleMatches = { openMatches, openMentors };
})();
