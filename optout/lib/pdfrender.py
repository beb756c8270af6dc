"""HTML to PDF with WeasyPrint, optionally in a helper process started early.

Importing WeasyPrint (and loading its fonts) is most of a short `optout letter new --out letter.pdf`. A
command that knows it will write a PDF calls `start_early()` first: a child process imports WeasyPrint on
the second core while this one sets up Django and composes the letter; the HTML then goes to the child and
the PDF comes back. Without `start_early()`, or when the child fails, the PDF is made in this process.
"""

from __future__ import annotations

import atexit
import subprocess
import sys

_child: subprocess.Popen | None = None


def start_early() -> None:
    global _child
    if _child is None:
        # stderr is shared: the child logs as this process would (OPTOUT_LOG_LEVEL, set by the CLI's --verbose).
        _child = subprocess.Popen([sys.executable, "-m", "optout.lib.pdfrender"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE)
        atexit.register(_stop_unused_child)


def wants_pdf(args: list[str]) -> bool:
    """Whether a command line asks for a PDF file with --out (the CLI then starts the child first of all)."""
    for index, arg in enumerate(args):
        if arg == "--out" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--out="):
            value = arg.removeprefix("--out=")
        else:
            continue
        if value.lower().endswith(".pdf"):
            return True
    return False


def _stop_unused_child() -> None:
    if _child is not None and _child.poll() is None:
        _child.kill()
        _child.wait()


def html_to_pdf(html: str) -> bytes:
    global _child
    child, _child = _child, None
    if child is not None:
        try:
            pdf, _ = child.communicate(html.encode("utf-8"), timeout=300)
            if child.returncode == 0 and pdf.startswith(b"%PDF"):
                return pdf
        except (OSError, subprocess.SubprocessError):
            child.kill()
    # Here, too, when the child failed: an error then surfaces with WeasyPrint's own message.
    return _render(html)


def _render(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


if __name__ == "__main__":
    import logging
    import os

    logging.basicConfig(level=os.environ.get("OPTOUT_LOG_LEVEL", "WARNING"), format="%(message)s")
    import select

    import weasyprint  # noqa: F401  (the point of this process: import it before the HTML arrives)

    # Still waiting for the HTML: a tiny document loads the fonts and WeasyPrint's caches now, which takes
    # about a third off the real document's render. When the HTML is already there, it renders at once.
    if not select.select([sys.stdin], [], [], 0)[0]:
        _render("<p>optout</p>")
    sys.stdout.buffer.write(_render(sys.stdin.buffer.read().decode("utf-8")))
