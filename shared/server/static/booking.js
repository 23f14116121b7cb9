// Antrean online on the phone: service → day → time → name and phone/NIK → the booking code and QR;
// /booking/CODE shows one booking with cancel and reschedule (the phone number or NIK as proof).
// No framework, no build step; Indonesian first, English with the EN toggle (shared with status.html).
(function () {
  "use strict";
  var DAYS = {id: ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"], en: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]};
  var LONG = {id: ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"], en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]};
  var MONTHS = {id: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"],
    en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]};
  var ZONES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"};
  var T = {
    id: {lang: "EN", title_new: "Pesan jam kedatangan", intro: "Pilih layanan, hari dan jam. Datang pada jamnya, lalu check-in di anjungan.",
      pick_service: "Layanan", pick_day: "Hari", pick_slot: "Jam", who: "Data pemesan", name: "Nama lengkap",
      book: "Pesan sekarang", booking: "Memesan…", no_slots: "Tidak ada jam yang masih bisa dipesan hari itu.",
      your_code: "Kode booking Anda", qr_note: "Tunjukkan kode QR ini ke pemindai anjungan, atau ketik kodenya.",
      service: "Layanan", when: "Jadwal", name_short: "Atas nama", ticket: "Nomor antrean",
      bring: "Bawa KTP-el / KK asli dan berkas persyaratan layanan.",
      late: "Terlambat lewat batas check-in: booking dilepas, silakan ambil nomor biasa.",
      move: "Ubah jadwal", cancel: "Batalkan", back: "Kembali", again: "Pesan layanan lain",
      proof: "Nomor HP / NIK yang dipakai saat memesan", do_cancel: "Ya, batalkan", do_move: "Pindahkan",
      cancel_title: "Batalkan booking ini?", move_title: "Pilih jadwal baru", pick_first: "Pilih jam baru dulu.",
      privacy: "NIK tidak pernah disimpan utuh: hanya bentuk tersamar untuk ditampilkan. Simpan tautan ini untuk membatalkan atau mengubah jadwal.",
      phone: "Nomor HP", nik: "NIK (16 angka)", either: "Nomor HP atau NIK",
      phone_hint: "Contoh 0812 3456 7890. Petugas dapat menghubungi Anda bila jadwal berubah.",
      nik_hint: "16 angka pada KTP-el atau KK. Disimpan tersamar, tidak pernah utuh.",
      either_hint: "Nomor HP (0812…) atau NIK 16 angka. NIK disimpan tersamar.",
      places: function (n) { return n + " tempat"; }, full: "Penuh", closed: "Tutup", slot_min: function (m) { return "slot " + m + " menit"; },
      summary: function (s, d, t) { return s + " — " + d + ", pukul " + t; },
      come: function (t) { return "Datang 30 menit sebelum, sekitar pukul " + t; },
      come_n: function (n, t) { return "Datang " + n + " menit sebelum, sekitar pukul " + t; },
      window: function (a, b) { return "Check-in di anjungan pukul " + a + " sampai " + b + "."; },
      at: "pukul", status: {booked: "Terpesan", cancelled: "Dibatalkan", checked_in: "Sudah check-in", no_show: "Tidak hadir — dilepas"},
      notfound: "Booking tidak ditemukan. Periksa tautan atau kodenya.", offline: "Server tidak dapat dihubungi. Coba lagi.",
      need_name: "Nama wajib diisi.", need_contact: "Nomor HP / NIK wajib diisi.", nothing: "Belum ada layanan yang menerima antrean online.",
      title: "Antrean online"},
    en: {lang: "ID", title_new: "Book a visiting time", intro: "Pick a service, a day and a time. Come at that time and check in at the kiosk.",
      pick_service: "Service", pick_day: "Day", pick_slot: "Time", who: "Your details", name: "Full name",
      book: "Book now", booking: "Booking…", no_slots: "No times left to book that day.",
      your_code: "Your booking code", qr_note: "Show this QR code to the kiosk's scanner, or type the code.",
      service: "Service", when: "When", name_short: "Name", ticket: "Queue number",
      bring: "Bring your original e-KTP / family card and the service's documents.",
      late: "Later than the check-in window: the booking is released; please take an ordinary number.",
      move: "Change time", cancel: "Cancel", back: "Back", again: "Book another service",
      proof: "The phone number / NIK you booked with", do_cancel: "Yes, cancel it", do_move: "Move it",
      cancel_title: "Cancel this booking?", move_title: "Pick a new time", pick_first: "Pick a new time first.",
      privacy: "A NIK is never stored in full: only a masked form, for display. Keep this link to cancel or change the time.",
      phone: "Phone number", nik: "NIK (16 digits)", either: "Phone number or NIK",
      phone_hint: "For example 0812 3456 7890. The office can call you if the schedule changes.",
      nik_hint: "The 16 digits on your e-KTP or family card. Stored masked, never in full.",
      either_hint: "A phone number (0812…) or the 16-digit NIK. A NIK is stored masked.",
      places: function (n) { return n + (n === 1 ? " place" : " places"); }, full: "Full", closed: "Closed", slot_min: function (m) { return m + "-minute slots"; },
      summary: function (s, d, t) { return s + " — " + d + ", at " + t; },
      come: function (t) { return "Come 30 minutes early, around " + t; },
      come_n: function (n, t) { return "Come " + n + " minutes early, around " + t; },
      window: function (a, b) { return "Check in at the kiosk from " + a + " to " + b + "."; },
      at: "at", status: {booked: "Booked", cancelled: "Cancelled", checked_in: "Checked in", no_show: "No-show — released"},
      notfound: "Booking not found. Check the link or the code.", offline: "The server cannot be reached. Try again.",
      need_name: "Please give your name.", need_contact: "Please give the phone number / NIK.", nothing: "No service takes online bookings yet.",
      title: "Online booking"}
  };
  var $ = function (id) { return document.getElementById(id); };
  var lang = "id", info = null, svc = null, day = null, slot = null, booking = null, mode = null, moveSlot = null;
  var code = (location.pathname.match(/\/booking\/([A-Za-z0-9-]+)/) || [])[1] || null;
  try { lang = localStorage.getItem("antrean.lang") === "en" ? "en" : "id"; } catch (e) { /* private mode */ }
  function t(k) { return T[lang][k]; }
  function zone() { return info ? (ZONES[info.office.timezone] || "") : ""; }
  function hm(iso, sep) { return iso.slice(11, 13) + (sep || (lang === "en" ? ":" : ".")) + iso.slice(14, 16); }
  function clock(iso) { return hm(iso) + " " + zone(); }
  function ymd(s) { var p = s.split("-"); return new Date(Date.UTC(+p[0], +p[1] - 1, +p[2])); }
  function longDay(s) { var d = ymd(s); return LONG[lang][d.getUTCDay()] + ", " + d.getUTCDate() + " " + MONTHS[lang][d.getUTCMonth()] + " " + d.getUTCFullYear(); }
  function minus(iso, minutes) {   // wall-clock arithmetic in the slot's own offset (no DST in Indonesia)
    var d = new Date(Date.parse(iso) - minutes * 60000 + offsetMin(iso) * 60000);
    return d.toISOString().slice(0, 19) + iso.slice(19);
  }
  function offsetMin(iso) { var m = iso.match(/([+-])(\d\d):(\d\d)$/); return m ? (m[1] === "-" ? -1 : 1) * (+m[2] * 60 + +m[3]) : 0; }
  function el(tag, cls, html) { var e = document.createElement(tag); if (cls) e.className = cls; if (html != null) e.innerHTML = html; return e; }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; }); }
  function name(s) { return lang === "en" ? s.name_en : s.name; }
  function display(c) { return c.slice(0, 4) + "-" + c.slice(4); }

  function showError(e, where) {
    var box = $(where || "error");
    if (!e) { $("error").hidden = true; $("proof-error").hidden = true; return; }
    box.textContent = typeof e === "string" ? e : (lang === "en" ? e.message_en : e.message) || t("offline");
    box.hidden = false;
    box.scrollIntoView({block: "center"});
  }
  function api(method, path, body) {
    var opts = {method: method, headers: {"Accept": "application/json"}};
    if (body) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
    return fetch(path, opts).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (d) {
        if (!r.ok) { d.status = r.status; throw d; }
        return d;
      });
    }, function () { throw {message: T.id.offline, message_en: T.en.offline}; });
  }

  function texts() {
    document.documentElement.lang = lang;
    document.title = t("title");
    var nodes = document.querySelectorAll("[data-t]");
    for (var i = 0; i < nodes.length; i++) {
      var v = T[lang][nodes[i].getAttribute("data-t")];
      if (typeof v === "string") nodes[i].textContent = v;
    }
    $("lang").textContent = t("lang");
    if (info) $("office").textContent = info.office.short_name;
  }

  function pressed(container, button) {
    var all = container.querySelectorAll("button");
    for (var i = 0; i < all.length; i++) all[i].setAttribute("aria-pressed", String(all[i] === button));
  }

  // --- a new booking ------------------------------------------------------------------------
  function renderServices() {
    var box = $("services"); box.innerHTML = "";
    if (!info.services.length) { box.appendChild(el("p", "hint", esc(t("nothing")))); return; }
    info.services.forEach(function (s) {
      var free = s.days.reduce(function (a, d) { return a + d.available; }, 0);
      var b = el("button", "choice", "<strong>" + esc(name(s)) + "</strong><small>" + esc(t("slot_min")(s.slot_minutes)) +
        " · " + esc(free ? t("places")(free) : t("full")) + "</small>");
      b.type = "button"; b.setAttribute("aria-pressed", String(svc === s)); b.disabled = !free;
      b.onclick = function () { svc = s; day = null; slot = null; pressed(box, b); renderDays($("days"), s, pickDay); step("step-day"); };
      box.appendChild(b);
    });
  }
  function renderDays(box, s, onPick) {
    box.innerHTML = "";
    s.days.forEach(function (d) {
      var when = ymd(d.date);
      var b = el("button", "day", "<b>" + DAYS[lang][when.getUTCDay()] + "</b><span>" + when.getUTCDate() + "</span><small>" +
        esc(d.available ? t("places")(d.available) : t("full")) + "</small>");
      b.type = "button"; b.disabled = !d.available; b.setAttribute("aria-label", longDay(d.date));
      b.setAttribute("aria-pressed", String(day === d.date));
      b.onclick = function () { pressed(box, b); onPick(d.date); };
      box.appendChild(b);
    });
  }
  function renderSlots(box, list, chosen, onPick) {
    box.innerHTML = "";
    list.forEach(function (x) {
      var b = el("button", "slot" + (x.bookable && x.available <= 1 ? " few" : ""), "<span>" + hm(x.start) + "</span><small>" +
        esc(x.bookable ? t("places")(x.available) : (x.available ? t("closed") : t("full"))) + "</small>");
      b.type = "button"; b.disabled = !x.bookable; b.setAttribute("aria-pressed", String(chosen === x.start));
      b.onclick = function () { pressed(box, b); onPick(x); };
      box.appendChild(b);
    });
    return list.some(function (x) { return x.bookable; });
  }
  function pickDay(d) {
    day = d; slot = null;
    api("GET", "/api/public/booking/services/" + svc.code + "/slots?day=" + d).then(function (list) {
      var any = renderSlots($("slots"), list, null, function (x) { slot = x; who(); step("step-who"); });
      $("no-slots").hidden = any;
      step("step-slot");
    }, showError);
  }
  function who() {
    var kind = svc.identity;
    $("contact-label").textContent = t(kind);
    $("contact-hint").textContent = t(kind + "_hint");
    $("contact").setAttribute("autocomplete", kind === "nik" ? "off" : "tel");
    $("summary").textContent = slot ? t("summary")(name(svc), longDay(day), clock(slot.start)) : "";
  }
  function step(id) {
    var order = ["step-service", "step-day", "step-slot", "step-who"], at = order.indexOf(id);
    order.forEach(function (s, i) { $(s).hidden = i > at; });
    showError(null);
    if (at > 0) $(id).scrollIntoView({behavior: "smooth", block: "start"});
  }
  function submitBooking(ev) {
    ev.preventDefault();
    var nm = $("name").value.trim(), contact = $("contact").value.trim();
    if (!nm) { showError(t("need_name")); $("name").focus(); return; }
    if (!contact) { showError(t("need_contact")); $("contact").focus(); return; }
    $("book").disabled = true; $("book").textContent = t("booking");
    api("POST", "/api/public/bookings", {service: svc.code, slot_start: slot.start, name: nm, contact: contact}).then(function (b) {
      history.pushState(null, "", "/booking/" + b.code);
      code = b.code; booking = b; showOne();
    }, function (e) {
      showError(e);
      if (e.detail && (e.detail.reason === "full" || e.detail.reason === "past_cutoff")) pickDay(day);
    }).then(function () { $("book").disabled = false; $("book").textContent = t("book"); });
  }

  // --- one booking ----------------------------------------------------------------------------
  function serviceOf(b) { return info.services.filter(function (s) { return s.code === b.service; })[0] || null; }
  function showOne() {
    mode = "one"; $("new").hidden = true; $("one").hidden = false; $("proof").hidden = true;
    renderOne();
    window.scrollTo(0, 0);
  }
  function renderOne() {
    var b = booking, s = serviceOf(b);
    $("code").textContent = display(b.code);
    $("status").textContent = t("status")[b.status];
    $("status").className = "pill " + b.status;
    $("qr").src = "/api/public/bookings/" + b.code + "/qr.svg";
    $("qr").alt = "QR " + display(b.code);
    $("f-service").textContent = s ? name(s) : b.service;
    $("f-when").textContent = longDay(b.business_day) + ", " + t("at") + " " + hm(b.slot_start) + "–" + clock(b.slot_end);
    $("f-name").textContent = b.name + " · " + b.contact_masked;
    $("f-ticket-row").hidden = !b.ticket_code;
    $("f-ticket").textContent = b.ticket_code || "";
    var early = s ? s.early_minutes : 30, late = s ? s.late_minutes : 15;
    $("come").textContent = early === 30 ? t("come")(clock(minus(b.slot_start, 30))) : t("come_n")(early, clock(minus(b.slot_start, early)));
    $("window").textContent = t("window")(clock(minus(b.slot_start, early)), clock(minus(b.slot_start, -late)));
    var link = (info.booking_base || (location.origin + "/booking/")) + b.code;
    $("link").textContent = link; $("link").href = "/booking/" + b.code;
    document.body.classList.toggle("done-view", b.status !== "booked");
  }
  function openProof(kind) {
    mode = kind; moveSlot = null; showError(null);
    var s = serviceOf(booking);
    $("proof").hidden = false;
    $("proof-title").textContent = t(kind === "cancel" ? "cancel_title" : "move_title");
    $("proof-go").textContent = t(kind === "cancel" ? "do_cancel" : "do_move");
    $("proof-go").className = kind === "cancel" ? "danger" : "primary";
    $("proof-label").textContent = t("proof");
    $("move-pick").hidden = kind !== "move";
    if (kind === "move" && s) {
      day = null;
      renderDays($("m-days"), s, function (d) {
        day = d;
        api("GET", "/api/public/booking/services/" + s.code + "/slots?day=" + d).then(function (list) {
          renderSlots($("m-slots"), list, null, function (x) { moveSlot = x; });
        }, showError);
      });
      $("m-slots").innerHTML = "";
    }
    $("proof").scrollIntoView({behavior: "smooth", block: "start"});
  }
  function submitProof(ev) {
    ev.preventDefault();
    var contact = $("proof-contact").value.trim();
    if (mode === "move" && !moveSlot) { showError(t("pick_first"), "proof-error"); return; }
    if (!contact) { showError(t("need_contact"), "proof-error"); $("proof-contact").focus(); return; }
    var path = "/api/public/bookings/" + booking.code + (mode === "cancel" ? "/cancel" : "/reschedule");
    var body = mode === "cancel" ? {contact: contact} : {contact: contact, slot_start: moveSlot.start};
    $("proof-go").disabled = true;
    api("POST", path, body).then(function (b) {
      booking = b; $("proof-contact").value = ""; showOne(); return refreshInfo();
    }, function (e) { showError(e, "proof-error"); }).then(function () { $("proof-go").disabled = false; });
  }

  function refreshInfo() { return api("GET", "/api/public/booking/services").then(function (d) { info = d; texts(); }); }
  function start() {
    texts();
    refreshInfo().then(function () {
      if (!code) {
        $("new").hidden = false; renderServices();
        if (info.services.length === 1) $("services").querySelector("button").click();
        return;
      }
      return api("GET", "/api/public/bookings/" + encodeURIComponent(code)).then(function (b) { booking = b; showOne(); },
        function (e) { showError(e.status === 404 || e.status === 422 ? t("notfound") : e); });
    }, showError);
  }

  $("lang").onclick = function () {
    lang = lang === "id" ? "en" : "id";
    try { localStorage.setItem("antrean.lang", lang); } catch (e) { /* private mode */ }
    texts();
    if (!info) return;
    if (booking && !$("one").hidden) { renderOne(); if (!$("proof").hidden) openProof(mode); return; }
    renderServices();
    if (svc) renderDays($("days"), svc, pickDay);
    if (svc && day) pickDay(day);
    if (slot) who();
  };
  $("book-form").onsubmit = submitBooking;
  $("proof-form").onsubmit = submitProof;
  $("cancel-open").onclick = function () { openProof("cancel"); };
  $("move-open").onclick = function () { openProof("move"); };
  $("proof-back").onclick = function () { $("proof").hidden = true; showError(null); };
  window.addEventListener("popstate", function () { location.reload(); });
  start();
})();
