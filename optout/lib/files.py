"""Writing files so that a crash or a full disk never leaves a half-written file in place of a good one."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO


def atomic_write(path: Path | str, data: bytes | BinaryIO, *, overwrite: bool = False) -> Path:
    """`data` (bytes, or an open file copied in pieces: an export with its proof can be hundreds of megabytes) at
    `path`: a reader never sees half a file, and a failure leaves what was there before."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "wb") as out:
            if isinstance(data, bytes | bytearray):
                out.write(data)
            else:
                shutil.copyfileobj(data, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
