"""The first-run wizard's pages: welcome, office (name, zone), services (a template and which of
its services), counters, first admin, and the summary. Each page only builds its inputs and says
what it holds; `counter.admin.wizard` moves between them and creates the office."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QFrame, QGridLayout, QLabel, QLineEdit,
                               QListWidgetItem, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from shared.admin.first_run import TEMPLATES, ZONES, load_template

from counter.admin.common import item_list, labelled
from counter.admin.officers import pin_field

ZONE_CITIES = {"WIB": "Jakarta, Bandung, Medan, Pontianak",
               "WITA": "Makassar, Denpasar, Balikpapan, Mataram",
               "WIT": "Jayapura, Ambon, Manokwari"}


def heading(text: str, sub: str = "") -> QVBoxLayout:
    box = QVBoxLayout()
    box.setSpacing(4)
    box.addWidget(QLabel(text, objectName="page_title"))
    if sub:
        s = QLabel(sub, objectName="page_intro")
        s.setWordWrap(True)
        box.addWidget(s)
    return box


def choice(title: str, detail: str, name: str) -> QPushButton:
    """A large checkable card: a title and a line under it."""
    b = QPushButton(f"{title}\n{detail}".replace("&", "&&"), objectName=name)  # no mnemonic
    b.setProperty("card", "true")
    b.setCheckable(True)
    b.setMinimumHeight(78)
    return b


class WelcomePage(QWidget):
    own = Signal()
    example = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(90, 0, 90, 0)
        lay.addStretch(1)
        lay.addLayout(heading("Selamat datang di antrean",
                              "Sistem antrean untuk kantor pelayanan publik: anjungan nomor, "
                              "konsol loket, papan ruang tunggu dengan suara panggilan, dan "
                              "laporan waktu tunggu terhadap standar pelayanan. Penyiapan ini "
                              "hanya lima langkah; semuanya dapat diubah nanti di layar admin."))
        lay.addSpacing(24)
        self.own_button = QPushButton("Siapkan kantor saya  →", objectName="own_office")
        self.own_button.setProperty("primary", "true")
        self.own_button.setMinimumHeight(72)
        self.example_button = QPushButton("Coba dengan kantor contoh", objectName="try_example")
        self.example_button.setMinimumHeight(60)
        note = QLabel("Kantor contoh: Disdukcapil Kota Contoh dengan lima layanan dan lima loket; "
                      "semua petugas memakai PIN 1234. Cocok untuk mencoba — bukan untuk dipakai "
                      "melayani.", objectName="hint")
        note.setWordWrap(True)
        self.own_button.clicked.connect(self.own.emit)
        self.example_button.clicked.connect(self.example.emit)
        lay.addWidget(self.own_button)
        lay.addSpacing(10)
        lay.addWidget(self.example_button)
        lay.addWidget(note)
        lay.addStretch(2)


class OfficePage(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.addLayout(heading("Kantor", "Nama ini tampil di anjungan, papan dan struk."))
        grid = QGridLayout()
        grid.setVerticalSpacing(10)
        self.name = QLineEdit(objectName="name")
        self.name.setPlaceholderText("mis. Dinas Kependudukan dan Pencatatan Sipil Kota Bima")
        self.short_name = QLineEdit(objectName="short_name")
        self.short_name.setPlaceholderText("mis. Disdukcapil Kota Bima (boleh kosong)")
        labelled(grid, 0, "Nama kantor", self.name)
        labelled(grid, 1, "Nama singkat", self.short_name)
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)
        lay.addWidget(QLabel("Zona waktu", objectName="section"))
        self.zones = QButtonGroup(self)
        for i, (abbr, zone, long) in enumerate(ZONES):
            b = choice(f"{abbr} — {long}", ZONE_CITIES[abbr], f"zone_{abbr.lower()}")
            b.setProperty("zone", zone)
            self.zones.addButton(b, i)
            lay.addWidget(b)
        self.zones.button(0).setChecked(True)
        lay.addStretch(1)

    def timezone(self) -> str:
        return self.zones.checkedButton().property("zone")


class ServicesPage(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.addLayout(heading("Layanan", "Pilih templat yang paling mirip dengan kantor Anda, "
                                         "lalu centang layanan yang dibuka."))
        grid = QGridLayout()
        grid.setSpacing(10)
        self.templates = QButtonGroup(self)
        for i, t in enumerate(TEMPLATES):
            b = choice(t.title, t.description, f"template_{t.key}")
            b.setProperty("template", t.key)
            self.templates.addButton(b, i)
            grid.addWidget(b, i // 2, i % 2)
        lay.addLayout(grid)
        self.services = item_list("checks")
        lay.addWidget(self.services, 1)
        self.templates.idToggled.connect(lambda _i, on: on and self._fill())
        self.templates.button(0).setChecked(True)

    def template(self) -> str:
        return self.templates.checkedButton().property("template")

    def _fill(self) -> None:
        self.services.clear()
        for s in load_template(self.template())["services"]:
            item = QListWidgetItem(f"{s['prefix']} · {s['name']}   (standar tunggu "
                                   f"{s['target_wait_min']} menit)")
            item.setData(Qt.ItemDataRole.UserRole, s["code"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.services.addItem(item)

    def chosen(self) -> list[str]:
        return [self.services.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.services.count())
                if self.services.item(i).checkState() == Qt.CheckState.Checked]


class CountersPage(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.addLayout(heading("Loket", "Berapa loket yang memanggil nomor? Pembagian layanannya "
                                       "mengikuti templat dan dapat diubah nanti."))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        self.count = QSpinBox(objectName="counters")
        self.count.setRange(1, 60)
        self.count.setSuffix(" loket")
        self.count.setMinimumWidth(160)
        labelled(grid, 0, "Jumlah loket", self.count)
        grid.setColumnStretch(2, 1)
        lay.addLayout(grid)
        self.preview = item_list()
        lay.addWidget(self.preview, 1)

    def show_counters(self, counters: list[dict], names: dict[str, str]) -> None:
        self.preview.clear()
        for c in counters:
            served = ", ".join(names.get(s, s) for s in c["services"])
            tag = ("  · khusus prioritas" if c.get("priority_only")
                   and "prioritas" not in c["label"].lower() else "")
            self.preview.addItem(f"{c['label']}{tag}\n{served}")


class AdminPage(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.addLayout(heading("Admin pertama", "Admin mengatur layanan, loket, petugas, jam, "
                                               "printer dan cadangan dari dasbor supervisor. "
                                               "Petugas loket ditambahkan nanti di sana."))
        grid = QGridLayout()
        grid.setVerticalSpacing(10)
        self.username = QLineEdit("admin", objectName="username")
        self.full_name = QLineEdit(objectName="full_name")
        self.full_name.setPlaceholderText("mis. Rina Kartika, S.Kom.")
        self.pin = pin_field("pin")
        self.pin_again = pin_field("pin_again")
        labelled(grid, 0, "Nama pengguna", self.username)
        labelled(grid, 1, "Nama lengkap", self.full_name)
        labelled(grid, 2, "PIN", self.pin)
        labelled(grid, 3, "Ulangi PIN", self.pin_again)
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)
        tip = QLabel("Catat PIN ini di tempat aman. PIN disimpan teracak (scrypt), tidak bisa "
                     "dibaca siapa pun.", objectName="hint")
        tip.setWordWrap(True)
        lay.addWidget(tip)
        lay.addStretch(1)


class SummaryPage(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.addLayout(heading("Siap", "Periksa sekali lagi, lalu buat kantor. Anjungan, papan "
                                      "dan konsol loket terbuka sesudahnya."))
        self.card = QFrame(objectName="panel")
        self.text = QLabel(objectName="stat")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        inner = QVBoxLayout(self.card)
        inner.setContentsMargins(20, 16, 20, 16)
        inner.addWidget(self.text)
        lay.addWidget(self.card)
        lay.addStretch(1)
