"""Reading a certificate PDF the way a person would: its text (pdftotext), its fonts (pdffonts)
and its QR code (rendered by pdftoppm, decoded by zxing-cpp)."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def _run(tool: str, data: bytes) -> bytes:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (Debian package poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "certificate.pdf"
        source.write_bytes(data)
        return subprocess.run([path, str(source), "-"], capture_output=True, check=True, timeout=60).stdout


def pdf_text(data: bytes) -> str:
    return _run("pdftotext", data).decode("utf-8")


def pdf_fonts(data: bytes) -> str:
    path = shutil.which("pdffonts")
    if path is None:
        pytest.skip("pdffonts (Debian package poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "certificate.pdf"
        source.write_bytes(data)
        return subprocess.run(
            [path, str(source)], capture_output=True, check=True, timeout=60
        ).stdout.decode()


def qr_codes(data: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    path = shutil.which("pdftoppm")
    if path is None:
        pytest.skip("pdftoppm (Debian package poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "certificate.pdf"
        source.write_bytes(data)
        root = Path(folder) / "page"
        command = [path, "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", str(source), str(root)]
        subprocess.run(command, capture_output=True, check=True, timeout=60)
        image = Image.open(io.BytesIO(root.with_suffix(".png").read_bytes()))
    return [b.text for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode]
