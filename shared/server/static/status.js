// The visitor's status page: live position, then "Silakan menuju Loket N" with sound and vibration.
// No framework, no build step: server-sent events, with polling when the stream is unavailable.
(function () {
  "use strict";
  var T = {
    id: {your_number: "Nomor antrean Anda", please_go: "Silakan menuju", ahead: "Orang di depan Anda",
      wait: "Perkiraan menunggu", enable_alert: "Aktifkan suara & getar saat dipanggil",
      alert_on: "Suara & getar aktif", privacy: "Halaman ini tidak memuat data pribadi. Simpan tautan ini untuk memantau antrean Anda.",
      live: "Diperbarui langsung", offline: "Menyambung ulang…", updated: "diperbarui",
      waiting: function (d) { return d.people_ahead === 0 ? "Anda berikutnya" : "Menunggu giliran"; },
      called: "Nomor Anda dipanggil", serving: function (d) { return "Sedang dilayani di " + d.counter.label; },
      done: "Layanan selesai. Terima kasih!", no_show: "Anda tidak hadir saat dipanggil. Silakan lapor ke petugas.",
      cancelled: "Nomor ini dibatalkan.", notfound: "Tiket tidak ditemukan. Periksa tautan pada struk Anda.",
      recall: "Panggilan ulang", priority: "Prioritas", lang: "EN", title: "Status antrean"},
    en: {your_number: "Your ticket number", please_go: "Please go to", ahead: "People ahead of you",
      wait: "Estimated wait", enable_alert: "Turn on sound & vibration for the call",
      alert_on: "Sound & vibration on", privacy: "This page holds no personal data. Keep this link to follow your queue.",
      live: "Live", offline: "Reconnecting…", updated: "updated",
      waiting: function (d) { return d.people_ahead === 0 ? "You are next" : "Waiting for your turn"; },
      called: "Your number is being called", serving: function (d) { return "Being served at " + d.counter.label; },
      done: "Service finished. Thank you!", no_show: "You were not present when called. Please see an officer.",
      cancelled: "This number was cancelled.", notfound: "Ticket not found. Check the link on your receipt.",
      recall: "Called again", priority: "Priority", lang: "ID", title: "Queue status"}
  };
  var $ = function (id) { return document.getElementById(id); };
  var token = decodeURIComponent(location.pathname.split("/").pop() || "");
  var lang = "id", data = null, source = null, pollTimer = null, audio = null, alertOn = false;
  var lastCallKey = null;
  try { lang = localStorage.getItem("antrean.lang") === "en" ? "en" : "id"; } catch (e) { /* private mode */ }

  function t(key) { return T[lang][key]; }
  function counterLabel(d) {
    // the counter's label in the visitor's language: "Loket 3" reads "Counter 3" in English
    var label = d.counter ? d.counter.label : "";
    return lang === "en" ? label.replace(/^Loket\b/, "Counter") : label;
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
    $("alert").textContent = alertOn ? t("alert_on") : t("enable_alert");
  }

  function render() {
    texts();
    if (!data) return;
    if (data.error) {
      $("status-text").textContent = t("notfound");
      document.body.className = "gone";
      document.dispatchEvent(new CustomEvent("antrean:status", {detail: {data: null, lang: lang}}));
      return;
    }
    $("office").textContent = data.office.short_name;
    $("code").textContent = data.code;
    $("service").textContent = lang === "en" ? data.service.name_en : data.service.name;
    $("priority").hidden = !data.priority;
    $("priority").textContent = t("priority");
    var s = data.status, called = s === "called";
    $("call").hidden = !called;
    $("call-counter").textContent = called ? counterLabel(data) : "";
    var line = T[lang][s];
    if (typeof line === "function") line = line(s === "serving" ? {counter: {label: counterLabel(data)}} : data);
    if (called && data.recalls > 0) line = t("recall") + " (" + data.recalls + ")";
    $("status-text").textContent = line || data.status_label[lang];
    $("ahead").textContent = s === "waiting" ? String(data.people_ahead) : "–";
    // the range is worded by the server and worked out again as the day moves; its figures
    // stay on one line ("sekitar" / "15–25 menit")
    var w = s === "waiting" && data.wait ? data.wait.text[lang] : "–", cut = w.indexOf(" ");
    $("wait").textContent = cut > 0 ? w.slice(0, cut + 1) : w;
    if (cut > 0) { var part = document.createElement("span"); part.textContent = w.slice(cut + 1); $("wait").appendChild(part); }
    document.body.className = s === "waiting" ? "" : (called || s === "serving" ? "now" : "done gone");
    document.dispatchEvent(new CustomEvent("antrean:status", {detail: {data: data, lang: lang}}));
    var key = called ? data.called_at + "|" + data.recalls : null;
    if (key && key !== lastCallKey) alertVisitor();
    lastCallKey = key;
  }

  function alertVisitor() {
    if (navigator.vibrate) { try { navigator.vibrate([400, 150, 400, 150, 400]); } catch (e) { /* not allowed */ } }
    if (!audio) return;
    try {
      var now = audio.currentTime;
      [[880, 0], [660, 0.35], [880, 0.9], [660, 1.25]].forEach(function (n) {
        var osc = audio.createOscillator(), gain = audio.createGain();
        osc.frequency.value = n[0];
        gain.gain.setValueAtTime(0.0001, now + n[1]);
        gain.gain.exponentialRampToValueAtTime(0.5, now + n[1] + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + n[1] + 0.32);
        osc.connect(gain); gain.connect(audio.destination);
        osc.start(now + n[1]); osc.stop(now + n[1] + 0.34);
      });
    } catch (e) { /* no sound: the page still shows the call */ }
  }

  function setLive(up) {
    $("dot").className = up ? "up" : "";
    $("live-text").textContent = up ? t("live") : t("offline");
  }

  function update(json) { data = json; render(); }

  function poll() {
    fetch("/api/public/tickets/" + encodeURIComponent(token), {cache: "no-store"})
      .then(function (r) {
        if (r.status === 404) return {error: "not_found"};
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(function (json) { update(json); if (!source) setLive(true); })
      .catch(function () { setLive(false); });
  }

  function startPolling() {
    if (!pollTimer) pollTimer = setInterval(poll, 5000);
  }

  function connect() {
    if (!window.EventSource) { startPolling(); return; }
    source = new EventSource("/api/public/tickets/" + encodeURIComponent(token) + "/stream");
    source.addEventListener("status", function (e) { update(JSON.parse(e.data)); });
    source.onopen = function () { setLive(true); if (pollTimer) { clearInterval(pollTimer); pollTimer = null; } };
    source.onerror = function () {
      setLive(false);
      startPolling();   // the browser retries the stream by itself; meanwhile poll
      if (source.readyState === 2) { source = null; setTimeout(connect, 5000); }
    };
  }

  $("lang").addEventListener("click", function () {
    lang = lang === "id" ? "en" : "id";
    try { localStorage.setItem("antrean.lang", lang); } catch (e) { /* private mode */ }
    render(); setLive($("dot").className === "up");
  });
  $("alert").addEventListener("click", function () {
    // browsers allow sound only after a tap: create (or resume) the audio context here
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (Ctx && !audio) { try { audio = new Ctx(); } catch (e) { audio = null; } }
    if (audio && audio.resume) audio.resume();
    alertOn = true;
    $("alert").className = "on";
    texts();
    alertVisitor();
  });
  texts();
  setLive(false);
  poll();
  connect();
})();
