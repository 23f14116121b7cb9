// The web board for smart TVs that only have a browser: the latest call large, recent calls,
// counters, waiting per service and the running text. Open it once as /board?token=<board token>:
// the token is kept in this browser and removed from the address bar.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var token = null, state = null, offset = 0, source = null, pollTimer = null, refreshTimer = null;
  var shownSeq = null, audio = null;
  var DAYS = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];
  var MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember"];

  var params = new URLSearchParams(location.search);
  try {
    if (params.get("token")) {
      localStorage.setItem("antrean.board.token", params.get("token"));
      history.replaceState(null, "", location.pathname);
    }
    token = localStorage.getItem("antrean.board.token");
  } catch (e) { token = params.get("token"); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function localParts() {
    // the office's wall clock, from the server's time and zone (the TV's own clock may be wrong)
    var now = new Date(Date.now() + offset), tz = state ? state.office.timezone : undefined;
    var f = new Intl.DateTimeFormat("en-GB", {timeZone: tz, year: "numeric", month: "numeric",
      day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23"});
    var p = {};
    f.formatToParts(now).forEach(function (x) { p[x.type] = x.value; });
    var wd = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p.weekday);
    return {time: p.hour + "." + p.minute, date: DAYS[wd] + ", " + Number(p.day) + " " + MONTHS[Number(p.month) - 1] + " " + p.year};
  }

  function tick() {
    try { var l = localParts(); $("clock").textContent = l.time; $("date").textContent = l.date; } catch (e) { /* old browser */ }
  }

  function render() {
    if (!state) return;
    $("office").textContent = state.office.name;
    $("short").textContent = state.office.short_name !== state.office.name ? state.office.short_name : "";
    if ($("running-text").textContent !== state.office.running_text) $("running-text").textContent = state.office.running_text;
    var latest = state.latest;
    $("hero-code").textContent = latest ? latest.code : "—";
    $("hero-counter").textContent = latest ? latest.counter_label : "";
    $("hero-service").textContent = latest ? latest.service_name : "";
    var list = $("recent-list");
    list.textContent = "";
    state.recent.forEach(function (c) {
      var li = el("li");
      li.appendChild(el("span", "", c.code));
      li.appendChild(el("span", "", c.counter_label));
      list.appendChild(li);
    });
    var grid = $("counter-grid");
    grid.textContent = "";
    state.counters.forEach(function (c) {
      var card = el("div", "counter " + c.status);
      card.appendChild(el("div", "name", c.label));
      var now = c.status === "paused" ? "Istirahat" : c.status === "closed" ? "Tutup" : (c.current || "—");
      card.appendChild(el("div", "now", now));
      grid.appendChild(card);
    });
    var queues = $("queue-list");
    queues.textContent = "";
    state.queues.forEach(function (q) {
      var box = el("div", "queue");
      box.appendChild(el("div", "name", q.prefix + " · " + q.name));
      box.appendChild(el("div", "count", String(q.waiting)));
      if (!q.can_issue) box.appendChild(el("div", "closed", q.closed_reason === "quota" ? "Kuota habis" : "Pengambilan nomor tutup"));
      queues.appendChild(box);
    });
    if (latest && shownSeq !== null && latest.seq > shownSeq) announce(latest);
    if (latest) shownSeq = Math.max(shownSeq || 0, latest.seq);
    else if (shownSeq === null) shownSeq = 0;
  }

  function announce(call) {
    var hero = $("hero");
    hero.className = "";
    void hero.offsetWidth;      // restart the animation
    hero.className = "flash";
    chime();
    if (call.say && window.speechSynthesis) {
      try {
        var u = new SpeechSynthesisUtterance(call.say);
        u.lang = "id-ID";
        setTimeout(function () { speechSynthesis.speak(u); }, 1200);
      } catch (e) { /* no speech engine: the chime and the screen carry the call */ }
    }
  }

  function chime() {
    if (!audio) return;
    var now = audio.currentTime;
    [[784, 0], [622, 0.5]].forEach(function (n) {
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = n[0];
      gain.gain.setValueAtTime(0.0001, now + n[1]);
      gain.gain.exponentialRampToValueAtTime(0.6, now + n[1] + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + n[1] + 0.9);
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(now + n[1]); osc.stop(now + n[1] + 0.95);
    });
  }

  function setOffline(off) { $("offline").hidden = !off; }

  function refresh() {
    if (!token) { $("hero-code").textContent = "?"; $("hero-service").textContent = "Buka /board?token=<token papan> sekali untuk memasang papan ini"; return; }
    fetch("/api/board", {headers: {Authorization: "Bearer " + token}, cache: "no-store"})
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (json) {
        offset = Date.parse(json.now) - Date.now();
        state = json; render(); tick();
        if (!source || source.readyState !== 1) setOffline(false);
      })
      .catch(function () { setOffline(true); });
  }

  function soon() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(function () { refreshTimer = null; refresh(); }, 100);
  }

  function connect() {
    if (!token) return;
    if (!window.EventSource) { pollTimer = setInterval(refresh, 3000); return; }
    source = new EventSource("/api/events/stream?access_token=" + encodeURIComponent(token));
    source.addEventListener("events", soon);
    source.onopen = function () { setOffline(false); if (pollTimer) { clearInterval(pollTimer); pollTimer = null; } soon(); };
    source.onerror = function () {
      setOffline(true);
      if (!pollTimer) pollTimer = setInterval(refresh, 5000);
      if (source.readyState === 2) { source = null; setTimeout(connect, 5000); }
    };
  }

  $("sound").addEventListener("click", function () {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (Ctx && !audio) { try { audio = new Ctx(); } catch (e) { audio = null; } }
    if (audio && audio.resume) audio.resume();
    $("sound").hidden = true;
    chime();
  });
  setInterval(tick, 1000);
  setInterval(refresh, 30000);   // a missed event or a new day never sticks
  refresh();
  connect();
})();
