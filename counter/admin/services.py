"""The services page: each service's names, prefix, published standard, quota, own hours and
whether it is offered; and the office's priority rules (UU 25/2009 Pasal 29)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QScrollArea, QSpinBox, QVBoxLayout, QWidget)

from shared.admin import edits

from counter.admin.common import (AdminPage, WeekEditor, add_item, button, item_list, labelled,
                                  panel, select_key, week_dict)

POLICIES = (("strict", "Prioritas selalu lebih dulu"),
            ("interleave", "Selang-seling: paling banyak N prioritas berturut-turut"),
            ("dedicated", "Loket prioritas khusus"))


def minutes_box(name: str, low: int = 1) -> QSpinBox:
    box = QSpinBox(objectName=name)
    box.setRange(low, 1440)
    box.setSuffix(" menit")
    return box


class ServicesPage(AdminPage):
    title = "Layanan"
    intro = ("Nama layanan di anjungan dan papan, awalan nomor (A → A-001), standar pelayanan "
             "yang dipublikasikan, kuota harian dan jam pengambilan nomor. Layanan yang tidak "
             "dipakai lagi dinonaktifkan — riwayatnya tetap tersimpan.")

    def __init__(self, admin, user, parent=None):
        super().__init__(admin, user, parent)
        self.current: str | None = None          # the code being edited; None: a new one
        self.list = item_list()
        self.list.setMinimumWidth(260)
        self.list.currentItemChanged.connect(self._chosen)
        self.new_button = button("+ Layanan baru", "new_service")
        self.new_button.clicked.connect(self.new)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)

        form = panel()
        grid = QGridLayout(form)
        grid.setContentsMargins(18, 14, 18, 14)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(9)
        self.code = QLineEdit(objectName="code")
        self.prefix = QLineEdit(objectName="prefix")
        self.prefix.setMaxLength(3)
        self.name = QLineEdit(objectName="name")
        self.name_en = QLineEdit(objectName="name_en")
        self.target_wait = minutes_box("target_wait_min")
        self.target_service = minutes_box("target_service_min")
        self.quota = QSpinBox(objectName="daily_quota")
        self.quota.setRange(0, 100_000)
        self.quota.setSpecialValueText("tanpa kuota")
        self.active = QCheckBox("Ditawarkan di anjungan (aktif)", objectName="active")
        self.own_hours = QCheckBox("Jam sendiri (selain jam kantor)", objectName="own_hours")
        self.hours = WeekEditor()
        self.own_hours.toggled.connect(self.hours.setEnabled)
        self.not_served = QLabel(objectName="hint")
        self.not_served.setWordWrap(True)
        self.code.setPlaceholderText("huruf kecil, mis. ktp — dipakai riwayat")
        self.prefix.setPlaceholderText("1–3 huruf, mis. A")
        self.quota.setToolTip("0 = tanpa kuota")
        rows = (("Kode (tetap)", self.code), ("Awalan nomor", self.prefix),
                ("Nama", self.name), ("Nama (Inggris)", self.name_en),
                ("Standar waktu tunggu", self.target_wait),
                ("Standar waktu layanan", self.target_service), ("Kuota harian", self.quota))
        for row, (text, widget) in enumerate(rows):
            labelled(grid, row, text, widget)
        grid.addWidget(self.active, len(rows), 1, 1, 2)
        grid.addWidget(self.own_hours, len(rows) + 1, 1, 1, 2)
        grid.addWidget(self.hours, len(rows) + 2, 1, 1, 2)
        grid.addWidget(self.not_served, len(rows) + 3, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        self.save_button = button("Simpan layanan", "save_service", primary=True)
        self.save_button.clicked.connect(self.save_service)
        self.inputs.update(code=self.code, prefix=self.prefix, name=self.name,
                           name_en=self.name_en, target_wait_min=self.target_wait,
                           target_service_min=self.target_service, daily_quota=self.quota,
                           **{f"{d}": f for d, f in self.hours.fields.items()})

        rules = panel()
        r = QGridLayout(rules)
        r.setContentsMargins(18, 12, 18, 12)
        r.setVerticalSpacing(8)
        section = QLabel("Aturan prioritas (lansia, disabilitas, hamil, anak, korban bencana)",
                         objectName="section")
        section.setWordWrap(True)
        r.addWidget(section, 0, 0, 1, 3)
        self.ask = QCheckBox("Tanyakan kelompok prioritas di anjungan", objectName="ask_at_kiosk")
        self.policy = QComboBox(objectName="policy")
        self.policy.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.policy.setMinimumContentsLength(24)
        for key, text in POLICIES:
            self.policy.addItem(text, key)
        self.max_row = QSpinBox(objectName="max_in_a_row")
        self.max_row.setRange(1, 20)
        self.policy.currentIndexChanged.connect(
            lambda _i: self.max_row.setEnabled(self.policy.currentData() == "interleave"))
        r.addWidget(self.ask, 1, 0, 1, 3)
        labelled(r, 2, "Cara memanggil", self.policy)
        labelled(r, 3, "Berturut-turut", self.max_row, "hanya untuk selang-seling")
        self.rules_button = button("Simpan aturan prioritas", "save_priority")
        self.rules_button.clicked.connect(self.save_priority)
        r.addWidget(self.rules_button, 4, 1)
        self.inputs.update(policy=self.policy, max_in_a_row=self.max_row, ask_at_kiosk=self.ask)

        inner = QVBoxLayout()
        inner.setContentsMargins(0, 0, 8, 0)
        inner.addWidget(form)
        inner.addWidget(rules)
        inner.addStretch(1)
        holder = QWidget()
        holder.setLayout(inner)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(holder)
        buttons = QHBoxLayout()       # below the scrolled form: always in sight
        buttons.addWidget(QLabel("Perubahan berlaku di anjungan, papan dan loket tanpa memulai "
                                 "ulang.", objectName="hint"), 1)
        buttons.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addWidget(scroll, 1)
        right.addLayout(buttons)
        row = QHBoxLayout()
        row.setSpacing(18)
        row.addLayout(left, 2)
        row.addLayout(right, 5)
        self.body.addLayout(row, 1)
        self.reload()

    def reload(self) -> None:
        config = self.admin.config()
        self.config = config
        keep = self.current
        self.list.blockSignals(True)
        self.list.clear()
        for s in config.services:
            add_item(self.list, f"{s.prefix}  ·  {s.name}" + ("" if s.active else "  (nonaktif)"),
                     s.code, muted=not s.active)
        self.list.blockSignals(False)
        self.ask.setChecked(config.priority.ask_at_kiosk)
        self.policy.setCurrentIndex(self.policy.findData(config.priority.policy))
        self.max_row.setValue(config.priority.max_in_a_row)
        self.max_row.setEnabled(config.priority.policy == "interleave")
        if keep is None or not select_key(self.list, keep):
            self.list.setCurrentRow(0)
        self._chosen(self.list.currentItem(), None)

    def _chosen(self, item, _previous) -> None:
        if item is None:
            return
        svc = self.config.service(item.data(Qt.ItemDataRole.UserRole))
        self.current = svc.code
        self.clear_marks()
        self.code.setText(svc.code)
        self.code.setReadOnly(True)
        self.prefix.setText(svc.prefix)
        self.name.setText(svc.name)
        self.name_en.setText(svc.name_en)
        self.target_wait.setValue(round(svc.target_wait_min))
        self.target_service.setValue(round(svc.target_service_min))
        self.quota.setValue(svc.daily_quota or 0)
        self.active.setChecked(svc.active)
        self.own_hours.setChecked(svc.own_hours)
        self.hours.setEnabled(svc.own_hours)
        self.hours.set_week(week_dict(svc.hours))
        served = [c.label for c in self.config.counters if svc.code in c.services]
        self.not_served.setText("Dilayani di: " + ", ".join(served) if served else
                                "Belum dilayani loket mana pun: tambahkan di halaman Loket.")

    def new(self) -> None:
        self.current = None
        self.list.clearSelection()
        self.clear_marks()
        for field in (self.code, self.prefix, self.name, self.name_en):
            field.clear()
        self.code.setReadOnly(False)
        self.target_wait.setValue(30)
        self.target_service.setValue(15)
        self.quota.setValue(0)
        self.active.setChecked(True)
        self.own_hours.setChecked(False)
        self.hours.set_week(week_dict(_office_week(self.admin)))
        self.not_served.setText("")
        self.prefix.setFocus()

    def fields(self) -> dict:
        out = {"code": self.code.text().strip().lower(), "prefix": self.prefix.text(),
               "name": self.name.text().strip(), "name_en": self.name_en.text().strip(),
               "target_wait_min": self.target_wait.value(),
               "target_service_min": self.target_service.value(),
               "daily_quota": self.quota.value() or None, "active": self.active.isChecked()}
        if self.own_hours.isChecked():
            out["hours"] = self.hours.week()
        return out

    def save_service(self) -> None:
        fields, original = self.fields(), self.current
        if self.save(edits.save_service(original, fields),
                     f"Layanan {fields['name'] or fields['code']} disimpan — anjungan, papan dan "
                     "loket memakainya sekarang.") and original is None:
            select_key(self.list, fields["code"] or fields["prefix"].strip().lower())

    def save_priority(self) -> None:
        self.save(edits.set_priority(self.ask.isChecked(), self.policy.currentData(),
                                     self.max_row.value()), "Aturan prioritas disimpan.")


def _office_week(admin):
    """The office's own hours ([hours]), for a new service's editor."""
    from shared.config.office import parse_hours
    from shared.config.reader import Reader
    return parse_hours(Reader("(admin)", admin.raw(), ""))[0]
