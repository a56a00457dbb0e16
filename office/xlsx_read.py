"""Opening an XLSX someone hands the office (an upload, a file named on the command line).

An XLSX is a zip. Its directory says how big each part unpacks to, and Python's zipfile never
unpacks a part past that size (a part that lies fails its checksum), so checking the directory
before openpyxl reads anything refuses a zip bomb (a small file that unpacks to gigabytes)
without unpacking a byte of it.
"""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from office.payroll.errors import InputError

MiB = 1024 * 1024
MAX_FILE_BYTES = 4 * MiB  # a roster of thousands is a few hundred KiB
MAX_UNPACKED_BYTES = 64 * MiB
MAX_MEMBERS = 200  # parts of the zip: a workbook of a few sheets has about a dozen


def check_size(data: bytes) -> None:
    """Refuse a file over MAX_FILE_BYTES, or whose zip unpacks past the limits; a file that is
    no zip at all raises zipfile.BadZipFile for the caller to name as unreadable."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError("xlsx_file_too_big", limit=MAX_FILE_BYTES // MiB)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    if len(members) > MAX_MEMBERS or sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise InputError("xlsx_unpacks_too_big", limit=MAX_UNPACKED_BYTES // MiB, members=MAX_MEMBERS)


def open_xlsx(data: bytes) -> Workbook:
    """The workbook, read-only with cell values (not formulas), once its size is checked; close it after."""
    check_size(data)
    return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
