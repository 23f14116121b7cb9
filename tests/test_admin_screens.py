"""The admin screens driven like an admin does: the real widgets under pytest-qt on a real
SQLite file — services, counters and officers (the office pages are in
test_admin_office_screens.py). Every save lands in the store with its event; every refusal names
the field, marks its input and saves nothing."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter.admin.window import AdminPanel
from shared.admin import CONFIG_EVENT, expire_config
from shared.domain import AuthError

pytestmark = pytest.mark.gui
ADMIN = {"username": "admin", "full_name": "Admin Sistem", "role": "admin"}


@pytest.fixture
def panel(qtbot, service):
    w = AdminPanel(service, ADMIN, follow=False)
    qtbot.addWidget(w)
    w.resize(1366, 700)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.shutdown()


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot, field, text: str):
    field.selectAll()
    field.clear()
    qtbot.keyClicks(field, text)


def changes(service, after=0):
    return [e for e in service.events_after(after) if e.type == CONFIG_EVENT]


def pick(lst, key):
    for i in range(lst.count()):
        if lst.item(i).data(Qt.ItemDataRole.UserRole) == key:
            lst.setCurrentRow(i)
            return lst.item(i)
    raise AssertionError(f"{key} not in the list")


def is_marked(widget) -> bool:
    return widget.property("error") == "true"


# --- services -----------------------------------------------------------------------------------
def test_services_page_changes_a_standard_and_quota(qtbot, panel, service):
    page = panel.show_page("services")
    pick(page.list, "kk")
    assert page.name.text() == "Kartu Keluarga" and page.code.isReadOnly()
    page.quota.setValue(95)
    page.target_wait.setValue(25)
    type_into(qtbot, page.name_en, "Family Card (KK)")
    before = service.last_event_seq()
    click(qtbot, page.save_button)
    assert page.message.property("kind") == "ok" and "disimpan" in page.message.text()
    [event] = changes(service, before)
    assert event.officer == "admin" and event.detail["target"] == "kk"
    keys = {c["key"]: (c["before"], c["after"]) for c in event.detail["changes"]}
    assert keys == {"services[kk].daily_quota": (120, 95), "services[kk].target_wait_min": (30, 25),
                    "services[kk].name_en": ("Family Card", "Family Card (KK)")}
    assert page.list.currentItem().data(Qt.ItemDataRole.UserRole) == "kk"   # stays selected


def test_services_page_refuses_a_taken_prefix_naming_the_field(qtbot, panel, service):
    page = panel.show_page("services")
    pick(page.list, "kk")
    type_into(qtbot, page.prefix, "A")
    before = service.last_event_seq()
    click(qtbot, page.save_button)
    assert page.message.property("kind") == "error"
    assert page.message.text() == ("Layanan Kartu Keluarga — Awalan nomor: 'A' sudah dipakai "
                                   "layanan lain")
    assert is_marked(page.prefix) and not is_marked(page.name)
    assert service.last_event_seq() == before
    page.prefix.setText("B")
    click(qtbot, page.save_button)                       # corrected: the mark goes
    assert not is_marked(page.prefix) and page.message.property("kind") == "warn"


def test_services_page_adds_a_service_with_its_own_hours_and_retires_one(qtbot, panel, service):
    page = panel.show_page("services")
    click(qtbot, page.new_button)
    assert not page.code.isReadOnly() and page.code.text() == ""
    for field, text in ((page.code, "legalisir"), (page.prefix, "f"),
                        (page.name, "Legalisir Dokumen"), (page.name_en, "Legalisation")):
        type_into(qtbot, field, text)
    page.quota.setValue(40)
    page.own_hours.setChecked(True)
    type_into(qtbot, page.hours.fields["jumat"], "08:00-10:30")
    type_into(qtbot, page.hours.fields["sabtu"], "08:00-11:00")
    click(qtbot, page.save_button)
    assert page.message.property("kind") == "ok", page.message.text()
    svc = page.admin.config().service("legalisir")
    assert (svc.prefix, svc.daily_quota, svc.own_hours) == ("F", 40, True)
    assert [f"{a:%H:%M}-{b:%H:%M}" for a, b in svc.hours[5]] == ["08:00-11:00"]
    assert "Belum dilayani loket mana pun" in page.not_served.text()
    # a bad range on the service's own hours names the day
    type_into(qtbot, page.hours.fields["senin"], "12:00-08:00")
    click(qtbot, page.save_button)
    assert "Legalisir Dokumen — Jam — Senin" in page.message.text()
    assert "berakhir sebelum mulai" in page.message.text()
    assert is_marked(page.hours.fields["senin"])
    # retired: still listed, greyed, no longer at the kiosk
    pick(page.list, "kia")
    page.active.setChecked(False)
    click(qtbot, page.save_button)
    assert "(nonaktif)" in pick(page.list, "kia").text()
    expire_config(service)                    # as a screen does on the `config_changed` event
    assert "kia" not in [q.service for q in service.queues()]


def test_services_page_sets_the_priority_rules(qtbot, panel, service):
    page = panel.show_page("services")
    page.policy.setCurrentIndex(page.policy.findData("dedicated"))
    assert not page.max_row.isEnabled()
    page.ask.setChecked(False)
    click(qtbot, page.rules_button)
    assert page.message.property("kind") == "ok"
    rules = page.admin.config().priority
    assert (rules.policy, rules.ask_at_kiosk) == ("dedicated", False)


# --- counters -----------------------------------------------------------------------------------
def checks(page):
    return {page.services.item(i).data(Qt.ItemDataRole.UserRole): page.services.item(i)
            for i in range(page.services.count())}


def test_counters_page_changes_services_adds_and_removes_a_counter(qtbot, panel, service):
    page = panel.show_page("counters")
    pick(page.list, "3")
    assert page.name.isReadOnly() and page.label.text() == "Loket 3"
    checks(page)["kia"].setCheckState(Qt.CheckState.Checked)
    type_into(qtbot, page.label, "Loket 3 (KK, pindah, KIA)")
    click(qtbot, page.save_button)
    assert page.message.property("kind") == "ok"
    assert page.admin.config().counter("3").services == ("kk", "pindah", "kia")
    click(qtbot, page.new_button)
    assert page.name.text() == "6" and page.label.text() == "Loket 6"
    click(qtbot, page.save_button)                   # no service ticked: the loader's rule
    assert page.message.text() == "Loket 6 — Layanan yang dilayani: harus melayani paling " \
                                  "sedikit satu layanan"
    assert is_marked(page.services)
    checks(page)["ktp"].setCheckState(Qt.CheckState.Checked)
    click(qtbot, page.save_button)
    assert page.admin.config().counter("6").services == ("ktp",)
    assert page.list.currentItem().data(Qt.ItemDataRole.UserRole) == "6"
    click(qtbot, page.remove_button)
    assert page.admin.config().counter("6") is None
    assert "dihapus" in page.message.text()


def test_counters_page_will_not_remove_a_counter_holding_a_ticket(qtbot, panel, service):
    service.issue("kk")
    t = service.call_next("4")
    page = panel.show_page("counters")
    pick(page.list, "4")
    click(qtbot, page.remove_button)
    assert page.message.property("kind") == "error"
    assert f"Loket 4 dihapus padahal masih memegang tiket {t.code}" in page.message.text()
    assert page.admin.config().counter("4") is not None


# --- officers -----------------------------------------------------------------------------------
def test_officers_page_adds_an_officer_who_can_then_sign_in(qtbot, panel, service):
    page = panel.show_page("officers")
    click(qtbot, page.new_button)
    type_into(qtbot, page.username, "wati")
    type_into(qtbot, page.full_name, "Wati Susanti")
    page.role.setCurrentIndex(page.role.findData("officer"))
    type_into(qtbot, page.pin, "2468")
    type_into(qtbot, page.pin_again, "2469")
    click(qtbot, page.save_button)
    assert page.message.text() == "PIN dan ulangan PIN tidak sama" and is_marked(page.pin)
    type_into(qtbot, page.pin_again, "2468")
    click(qtbot, page.save_button)
    assert page.message.property("kind") == "ok", page.message.text()
    assert service.authenticate("wati", "2468")["full_name"] == "Wati Susanti"
    assert page.list.currentItem().data(Qt.ItemDataRole.UserRole) == "wati"


def test_officers_page_refuses_a_bad_username_and_a_short_pin(qtbot, panel, service):
    page = panel.show_page("officers")
    click(qtbot, page.new_button)
    type_into(qtbot, page.username, "w")
    type_into(qtbot, page.pin, "2468")
    type_into(qtbot, page.pin_again, "2468")
    click(qtbot, page.save_button)
    assert "Nama pengguna" in page.message.text() and is_marked(page.username)
    type_into(qtbot, page.username, "wati")
    type_into(qtbot, page.pin, "12")
    type_into(qtbot, page.pin_again, "12")
    click(qtbot, page.save_button)
    assert "PIN harus 4–12 angka" in page.message.text() and is_marked(page.pin)
    assert "wati" not in {o["username"] for o in page.admin.officers()}


def test_officers_page_resets_a_pin_disables_and_brings_back(qtbot, panel, service):
    page = panel.show_page("officers")
    pick(page.list, "budi")
    type_into(qtbot, page.pin, "7777")
    type_into(qtbot, page.pin_again, "7777")
    click(qtbot, page.pin_button)
    assert "diatur ulang" in page.message.text()
    assert service.authenticate("budi", "7777")["username"] == "budi"
    pick(page.list, "budi")
    click(qtbot, page.disable_button)
    with pytest.raises(AuthError):
        service.authenticate("budi", "7777")
    assert "(nonaktif)" in pick(page.list, "budi").text()
    assert page.disable_button.text() == "Aktifkan kembali"
    click(qtbot, page.disable_button)
    assert service.authenticate("budi", "7777")["username"] == "budi"   # the PIN he had


def test_officers_page_changes_a_role_and_keeps_the_last_admin(qtbot, panel, service):
    page = panel.show_page("officers")
    pick(page.list, "dewi")
    page.role.setCurrentIndex(page.role.findData("supervisor"))
    click(qtbot, page.save_button)
    assert page.admin.config().raw["officers"][3]["role"] == "supervisor"
    pick(page.list, "admin")
    page.role.setCurrentIndex(page.role.findData("officer"))
    click(qtbot, page.save_button)
    assert page.message.text() == "Paling sedikit satu petugas harus tetap berperan admin"
    service.open_counter("1", "siti")
    page = panel.show_page("officers")                   # the admin comes back to the page
    pick(page.list, "siti")
    assert "sedang bertugas di Loket 1" in page.state.text()
    click(qtbot, page.disable_button)
    assert "sedang bertugas di Loket 1" in page.message.text()


def test_only_admins_get_the_admin_screens(qtbot, service):
    with pytest.raises(AuthError):
        AdminPanel(service, {"username": "kepala", "full_name": "Kepala", "role": "supervisor"})
    from counter.supervisor.window import SupervisorWindow
    boss = SupervisorWindow(service, {"username": "kepala", "full_name": "K",
                                      "role": "supervisor"}, now=service.clock.now)
    qtbot.addWidget(boss)
    titles = [boss.tabs.tabText(i) for i in range(boss.tabs.count())]
    assert "Administrasi" not in titles and boss.admin is None
    boss.shutdown()
    admin = SupervisorWindow(service, ADMIN, now=service.clock.now)
    qtbot.addWidget(admin)
    titles = [admin.tabs.tabText(i) for i in range(admin.tabs.count())]
    assert "Administrasi" in titles and isinstance(admin.admin, AdminPanel)
    admin.shutdown()
