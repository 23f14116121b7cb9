// The visitor's voice on the status page: the satisfaction survey (SKM, nine elements, each with
// its own four answers) once the ticket is served, and a complaint form at any time.
// Follows status.js through its "antrean:status" event (the ticket's data and the language).
(function () {
  "use strict";
  var T = {
    id: {title: "Bagaimana pelayanan kami?", intro: "Survei Kepuasan Masyarakat: 9 pertanyaan singkat, tanpa data pribadi.",
      profile: "Tentang Anda", optional: "(boleh dilewati)", suggestion: "Saran untuk kami (boleh dilewati)",
      send: "Kirim penilaian", sending: "Mengirim…", thanks: "Terima kasih!",
      thanks_text: "Penilaian Anda sudah tercatat dan membantu kami memperbaiki pelayanan.",
      answered: function (n) { return n + " dari 9 terjawab"; },
      missing: function (l) { return "Mohon jawab semua pertanyaan. Belum dijawab: nomor " + l + "."; },
      failed: "Gagal mengirim. Periksa koneksi Anda, lalu coba lagi.",
      complain: "Sampaikan pengaduan / saran", c_title: "Pengaduan / saran", c_category: "Tentang apa?",
      c_text: "Isi pengaduan atau saran", c_contact: "Nomor HP atau email (boleh dikosongkan)",
      c_contact_hint: "Hanya dilihat petugas, untuk menghubungi Anda kembali.", cancel: "Batal",
      c_send: "Kirim pengaduan", c_thanks: "Terima kasih!", c_need_cat: "Pilih dulu tentang apa.",
      c_need_text: "Tuliskan isi pengaduan atau saran Anda.",
      c_done: function (n) { return "Pengaduan Anda tercatat dengan nomor " + n + ". Petugas akan menindaklanjutinya."; }},
    en: {title: "How was our service?", intro: "Public satisfaction survey: 9 short questions, no personal data.",
      profile: "About you", optional: "(optional)", suggestion: "Your suggestion (optional)",
      send: "Send rating", sending: "Sending…", thanks: "Thank you!",
      thanks_text: "Your rating is recorded and helps us improve the service.",
      answered: function (n) { return n + " of 9 answered"; },
      missing: function (l) { return "Please answer every question. Not yet answered: number " + l + "."; },
      failed: "Could not send. Check your connection and try again.",
      complain: "Send a complaint / suggestion", c_title: "Complaint / suggestion", c_category: "What is it about?",
      c_text: "Your complaint or suggestion", c_contact: "Phone or email (optional)",
      c_contact_hint: "Seen by staff only, to get back to you.", cancel: "Cancel",
      c_send: "Send complaint", c_thanks: "Thank you!", c_need_cat: "Choose what it is about first.",
      c_need_text: "Write your complaint or suggestion.",
      c_done: function (n) { return "Your complaint is recorded as number " + n + ". Staff will follow it up."; }}
  };
  var $ = function (id) { return document.getElementById(id); };
  var token = decodeURIComponent(location.pathname.split("/").pop() || "");
  var base = "/api/public/tickets/" + encodeURIComponent(token);
  var lang = "id", ticket = null, form = null, formLoading = null, state = null, checking = false;
  var painters = [];      // texts that come from the server in both languages
  var sent = false, sending = false;
  try { lang = localStorage.getItem("antrean.lang") === "en" ? "en" : "id"; } catch (e) { /* private mode */ }

  function t(key) { return T[lang][key]; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function bilingual(node, id, en) { painters.push([node, id, en]); node.textContent = lang === "en" ? en : id; }
  function paint() {
    var nodes = document.querySelectorAll("[data-s]");
    for (var i = 0; i < nodes.length; i++) {
      var v = T[lang][nodes[i].getAttribute("data-s")];
      if (typeof v === "string") nodes[i].textContent = v;
    }
    painters.forEach(function (p) { p[0].textContent = lang === "en" ? p[2] : p[1]; });
    if (sending) $("survey-submit").textContent = t("sending");
    if (sent) $("c-done-text").textContent = t("c_done")("#" + sent);
    progress();
  }
  function api(method, path, body) {
    return fetch(path, {method: method, cache: "no-store", headers: body ? {"Content-Type": "application/json"} : {},
      body: body ? JSON.stringify(body) : undefined})
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) { return {status: r.status, body: j}; });
      });
  }
  function loadForm() {
    if (!formLoading) {
      formLoading = api("GET", "/api/public/survey/form").then(function (r) {
        if (r.status !== 200) { formLoading = null; throw new Error("form " + r.status); }
        form = r.body;
        return form;
      });
    }
    return formLoading;
  }
  function radio(name, value, id, en, cls) {
    var label = el("label", cls), input = el("input"), span = el("span");
    input.type = "radio"; input.name = name; input.value = value;
    label.appendChild(input); label.appendChild(span);
    bilingual(span, id, en);
    return label;
  }

  // --- the survey -------------------------------------------------------------------------------
  function buildSurvey() {
    var box = $("elements");
    if (box.firstChild) return;
    form.elements.forEach(function (e, i) {
      var fs = el("fieldset", "q"), legend = el("legend"), q = el("span", "qtext"), opts = el("div", "opts");
      fs.id = "q-" + e.key;
      legend.appendChild(el("span", "num", (i + 1) + "/" + form.elements.length));
      var name = el("span", "qname"); bilingual(name, e.name, e.name_en); legend.appendChild(name);
      bilingual(q, e.question, e.question_en); legend.appendChild(q);
      fs.appendChild(legend);
      for (var s = 0; s < 4; s++) opts.appendChild(radio("a-" + e.key, String(s + 1), e.labels[s], e.labels_en[s], "opt"));
      fs.appendChild(opts);
      box.appendChild(fs);
    });
    var prof = $("profile-fields");
    form.profile.forEach(function (f) {
      var group = el("div", "pgroup"), head = el("p", "plabel"), chips = el("div", "chips");
      group.setAttribute("role", "radiogroup");
      head.id = "p-" + f.key;
      group.setAttribute("aria-labelledby", head.id);
      bilingual(head, f.label, f.label_en);
      f.choices.forEach(function (c) { chips.appendChild(radio("p-" + f.key, c.value, c.label, c.label_en, "chip")); });
      group.appendChild(head); group.appendChild(chips); prof.appendChild(group);
    });
    $("survey-form").addEventListener("change", function (ev) {
      var fs = ev.target.closest ? ev.target.closest(".q") : null;
      if (fs) fs.classList.remove("missing");
      progress();
    });
    untickable(prof);
    $("suggestion").maxLength = form.max_text;
  }
  // the profile is optional: tapping a chosen chip again clears it
  function untickable(box) {
    var last = {};
    box.addEventListener("click", function (ev) {
      var input = ev.target;
      if (input.tagName !== "INPUT") return;
      if (last[input.name] === input) { input.checked = false; last[input.name] = null; } else last[input.name] = input;
    });
  }
  function answers() {
    var out = {}, missing = [];
    form.elements.forEach(function (e, i) {
      var c = document.querySelector("input[name='a-" + e.key + "']:checked");
      if (c) out[e.key] = +c.value; else missing.push(i + 1);
    });
    return {answers: out, missing: missing};
  }
  function progress() {
    if (!form || !$("elements").firstChild) return;
    $("progress").textContent = t("answered")(9 - answers().missing.length);
  }
  function showError(id, text) { $(id).textContent = text; $(id).hidden = !text; }

  function submitSurvey(ev) {
    ev.preventDefault();
    if (sending) return;
    var a = answers();
    if (a.missing.length) {
      a.missing.forEach(function (n) { $("q-" + form.elements[n - 1].key).classList.add("missing"); });
      showError("survey-error", t("missing")(a.missing.join(", ")));
      var first = $("q-" + form.elements[a.missing[0] - 1].key);
      first.scrollIntoView({block: "center"});
      first.querySelector("input").focus({preventScroll: true});
      return;
    }
    var profile = {};
    form.profile.forEach(function (f) {
      var c = document.querySelector("input[name='p-" + f.key + "']:checked");
      if (c) profile[f.key] = c.value;
    });
    var suggestion = $("suggestion").value.trim();
    sending = true; $("survey-submit").disabled = true; paint();
    showError("survey-error", "");
    api("POST", base + "/survey", {answers: a.answers, profile: profile, suggestion: suggestion || null})
      .then(function (r) {
        if (r.status === 201) { showThanks(true); return; }
        showError("survey-error", (lang === "en" ? r.body.message_en : r.body.message) || t("failed"));
        if (r.status === 409) check(true);   // answered meanwhile (another tab): show the thanks
      })
      .catch(function () { showError("survey-error", t("failed")); })
      .then(function () { sending = false; $("survey-submit").disabled = false; paint(); });
  }
  function showThanks(focus) {
    state = {answered: true, can_answer: false};
    $("survey").hidden = true;
    $("thanks").hidden = false;
    if (focus) $("thanks").focus();
  }
  // ask the server whether this ticket may answer (it also remembers an answer given before)
  function check(afterRefusal) {
    if (checking || !token) return;
    checking = true;
    api("GET", base + "/survey").then(function (r) {
      if (r.status !== 200) return;
      state = r.body;
      if (state.answered) { showThanks(afterRefusal); return; }
      if (!state.can_answer) return;
      return loadForm().then(function () { buildSurvey(); paint(); $("survey").hidden = false; });
    }).catch(function () { state = null; }).then(function () { checking = false; });
  }

  // --- complaints -------------------------------------------------------------------------------
  function openComplaint() {
    var box = $("complaint");
    var open = box.hidden;
    box.hidden = !open;
    $("complain-open").setAttribute("aria-expanded", String(open));
    if (!open) return;
    loadForm().then(function () {
      var cats = $("categories");
      if (!cats.firstChild) {
        form.complaint_categories.forEach(function (c) { cats.appendChild(radio("c-cat", c.value, c.label, c.label_en, "chip")); });
        $("c-text").maxLength = form.max_text;
      }
      box.scrollIntoView({block: "start"});
      var first = cats.querySelector("input");
      if (first) first.focus({preventScroll: true});
    }).catch(function () { showError("c-error", t("failed")); });
  }
  function submitComplaint(ev) {
    ev.preventDefault();
    var cat = document.querySelector("input[name='c-cat']:checked"), text = $("c-text").value.trim();
    if (!cat) { showError("c-error", t("c_need_cat")); return; }
    if (!text) { showError("c-error", t("c_need_text")); $("c-text").focus(); return; }
    var body = {category: cat.value, text: text, contact: $("c-contact").value.trim() || null,
      ticket_token: ticket ? token : null};
    $("c-submit").disabled = true;
    showError("c-error", "");
    api("POST", "/api/public/complaints", body).then(function (r) {
      if (r.status !== 201) { showError("c-error", (lang === "en" ? r.body.message_en : r.body.message) || t("failed")); return; }
      sent = r.body.id;
      $("complaint-form").hidden = true;
      $("complaint").className = "card sent";
      $("c-done").hidden = false;
      paint();
      $("c-done").focus();
    }).catch(function () { showError("c-error", t("failed")); })
      .then(function () { $("c-submit").disabled = false; });
  }

  document.addEventListener("antrean:status", function (ev) {
    lang = ev.detail.lang;
    ticket = ev.detail.data;
    paint();
    if (ticket && ticket.status === "done" && !state) check(false);
  });
  $("survey-form").addEventListener("submit", submitSurvey);
  $("complain-open").addEventListener("click", openComplaint);
  $("c-cancel").addEventListener("click", openComplaint);
  $("complaint-form").addEventListener("submit", submitComplaint);
  $("complaint-form").addEventListener("change", function () { showError("c-error", ""); });
  paint();
})();
