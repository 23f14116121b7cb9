"""The receipt printer: its kind and connection, the paper, and a print test with the settings
on the form (before they are saved), printed off the GUI thread, with the slip's preview."""
from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QSpinBox, QVBoxLayout)

from shared.admin import InvalidChange, edits

from counter.admin.common import AdminPage, button, panel

log = logging.getLogger(__name__)

KINDS = (("none", "Tanpa printer (pengunjung memotret nomor)"),
         ("network", "Printer jaringan (LAN, port 9100)"), ("usb", "USB"),
         ("serial", "Serial (COM / ttyUSB)"), ("file", "Berkas perangkat (/dev/usb/lp0)"),
         ("cups", "Printer CUPS (Linux)"), ("win32raw", "Printer Windows"))
# which inputs each kind uses (the loader says which it requires)
KIND_FIELDS = {"none": (), "network": ("host", "port"), "usb": ("usb_vendor", "usb_product"),
               "serial": ("device", "baudrate"), "file": ("device",), "cups": ("printer_name",),
               "win32raw": ("printer_name",)}
PREVIEW_NAME = "antrean-uji-cetak-admin.png"


class _Done(QObject):
    finished = Signal(object, object)     # printed (bool) or None, error or None


class _PrintTest(QRunnable):
    def __init__(self, config, png: Path, signals: _Done):
        super().__init__()
        self.config, self.png, self.signals = config, png, signals

    def run(self) -> None:
        from kiosk.printing.reprint import print_test_slip
        try:
            self.signals.finished.emit(print_test_slip(self.config, self.png), None)
        except Exception as exc:  # noqa: BLE001 — PrinterError or worse: said on the page
            self.signals.finished.emit(None, exc)


class PrinterPage(AdminPage):
    title = "Printer struk"
    intro = ("Printer termal ESC/POS di anjungan. Coba dulu dengan “Cetak uji” — memakai isian "
             "di bawah tanpa menyimpannya — lalu simpan. Printer macet tidak pernah menghentikan "
             "anjungan: nomor tetap diberikan dan tampil dengan kode QR.")

    def __init__(self, admin, user, service=None, parent=None):
        super().__init__(admin, user, parent)
        self.service = service
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.signals = _Done(self)
        self.signals.finished.connect(self._tested)
        box = panel()
        grid = QGridLayout(box)
        grid.setContentsMargins(18, 14, 18, 14)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(9)
        self.kind = QComboBox(objectName="kind")
        for key, text in KINDS:
            self.kind.addItem(text, key)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.profile = QLineEdit(objectName="profile")
        self.paper = QComboBox(objectName="paper_mm")
        self.paper.addItem("80 mm", 80)
        self.paper.addItem("58 mm", 58)
        self.host = QLineEdit(objectName="host")
        self.host.setPlaceholderText("mis. 192.168.1.50")
        self.port = QSpinBox(objectName="port")
        self.port.setRange(1, 65535)
        self.usb_vendor = QLineEdit(objectName="usb_vendor")
        self.usb_vendor.setPlaceholderText("0x04b8")
        self.usb_product = QLineEdit(objectName="usb_product")
        self.usb_product.setPlaceholderText("0x0202")
        self.device = QLineEdit(objectName="device")
        self.baudrate = QSpinBox(objectName="baudrate")
        self.baudrate.setRange(1200, 921600)
        self.printer_name = QLineEdit(objectName="printer_name")
        self.timeout = QDoubleSpinBox(objectName="timeout_s")
        self.timeout.setRange(0.5, 60)
        self.timeout.setSuffix(" detik")
        rows = (("Jenis", self.kind), ("Profil (model)", self.profile), ("Kertas", self.paper),
                ("Alamat printer", self.host), ("Port", self.port),
                ("USB vendor", self.usb_vendor), ("USB product", self.usb_product),
                ("Perangkat", self.device), ("Baudrate", self.baudrate),
                ("Nama printer", self.printer_name), ("Batas waktu cetak", self.timeout))
        self.labels: dict[str, QLabel] = {}
        for row, (text, widget) in enumerate(rows):
            label = QLabel(text, objectName="field_label")
            grid.addWidget(label, row, 0)
            grid.addWidget(widget, row, 1)
            self.labels[widget.objectName()] = label
            self.inputs[widget.objectName()] = widget
        grid.setColumnStretch(1, 1)
        self.test_button = button("Cetak uji", "print_test")
        self.test_button.clicked.connect(self.print_test)
        self.save_button = button("Simpan printer", "save_printer", primary=True)
        self.save_button.clicked.connect(self.save_printer)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        left = QVBoxLayout()
        left.addWidget(box)
        left.addLayout(buttons)
        left.addStretch(1)
        shown = panel()
        pv = QVBoxLayout(shown)
        pv.setContentsMargins(14, 12, 14, 12)
        pv.addWidget(QLabel("Pratinjau struk uji", objectName="section"))
        self.preview = QLabel("Tekan “Cetak uji”: pratinjaunya tampil di sini.",
                              objectName="hint")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumWidth(300)
        pv.addWidget(self.preview, 1)
        row = QHBoxLayout()
        row.setSpacing(18)
        row.addLayout(left, 3)
        row.addWidget(shown, 2)
        self.body.addLayout(row, 1)
        self.reload()

    def reload(self) -> None:
        p = self.admin.config().printer
        self.kind.setCurrentIndex(max(0, self.kind.findData(p.kind)))
        self.profile.setText(p.profile)
        self.paper.setCurrentIndex(self.paper.findData(p.paper_mm))
        self.host.setText(p.host or "")
        self.port.setValue(p.port)
        self.usb_vendor.setText(f"0x{p.usb_vendor:04x}" if p.usb_vendor is not None else "")
        self.usb_product.setText(f"0x{p.usb_product:04x}" if p.usb_product is not None else "")
        self.device.setText(p.device or "")
        self.baudrate.setValue(p.baudrate)
        self.printer_name.setText(p.printer_name or "")
        self.timeout.setValue(p.timeout_s)
        self._kind_changed()

    def _kind_changed(self, _index: int = 0) -> None:
        kind = self.kind.currentData()
        used = KIND_FIELDS.get(kind, ())
        for key in ("host", "port", "usb_vendor", "usb_product", "device", "baudrate",
                    "printer_name"):
            self.inputs[key].setVisible(key in used)
            self.labels[key].setVisible(key in used)
        for key in ("profile", "paper_mm", "timeout_s"):
            self.inputs[key].setEnabled(kind != "none")

    def fields(self) -> dict:
        kind = self.kind.currentData()
        out = {"kind": kind}
        if kind == "none":
            return out | {"paper_mm": self.paper.currentData()}
        out |= {"profile": self.profile.text().strip() or "TM-T88V",
                "paper_mm": self.paper.currentData(), "timeout_s": self.timeout.value()}
        values = {"host": self.host.text().strip(), "port": self.port.value(),
                  "usb_vendor": self.usb_vendor.text().strip(),
                  "usb_product": self.usb_product.text().strip(),
                  "device": self.device.text().strip(), "baudrate": self.baudrate.value(),
                  "printer_name": self.printer_name.text().strip()}
        return out | {k: v for k, v in values.items() if k in KIND_FIELDS[kind]}

    def save_printer(self) -> None:
        self.save(edits.set_printer(self.fields()),
                  "Printer disimpan — anjungan memakainya untuk struk berikutnya.")

    def print_test(self) -> None:
        self.clear_marks()
        try:
            config = self.admin.preview(edits.set_printer(self.fields()))
        except InvalidChange as exc:
            self.mark(exc.leaf)
            self.show_message(exc.message, "error")
            return
        self.test_button.setEnabled(False)
        self.show_message("Mencetak struk uji…", "warn")
        self._png = Path(tempfile.gettempdir()) / PREVIEW_NAME
        self.pool.start(_PrintTest(config, self._png, self.signals))

    def _tested(self, printed, error) -> None:
        self.test_button.setEnabled(True)
        if self._png.exists():
            pix = QPixmap(str(self._png))
            self.preview.setPixmap(pix.scaledToWidth(min(320, pix.width()),
                                                     Qt.TransformationMode.SmoothTransformation))
        if error is not None:
            message = getattr(error, "message", None) or str(error)
            self.show_message(f"Struk uji tidak tercetak: {message}", "error")
            if self.service is not None and getattr(error, "kind", None):
                self.service.record_event("printer_fault", detail={
                    "kind": error.kind, "message": message, "printer": error.printer,
                    "action": "print-test"})
            return
        self.show_message("Struk uji dicetak. Periksa lebar kertas, kode QR dan pemotongnya."
                          if printed else "Tanpa printer: hanya pratinjau yang dibuat.",
                          "ok" if printed else "warn")

    def shutdown(self) -> None:
        self.pool.waitForDone(8000)
