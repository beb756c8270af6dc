"""Ways to hand a letter over: a registry, so adding one is one module and one line."""

from __future__ import annotations

from . import eml, mailto, pdf, text

OUTPUTS = {
    "pdf": pdf,
    "eml": eml,
    "txt": text,
}

__all__ = ["OUTPUTS", "mailto"]
