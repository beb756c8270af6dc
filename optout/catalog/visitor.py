"""What the catalog pages know about the person looking at them, told by an app above the catalog.

The catalog sits below accounts in the app order (docs/architecture.md), so it cannot import accounts to
ask for a person's region, or to learn whether a platform is among
their "My platforms". accounts installs its answers here when Django starts (`AccountsConfig.ready`);
until then, and for anonymous visitors, the catalog knows nothing about anyone.
"""

from __future__ import annotations


class Visitor:
    """The answers for a site without accounts: no region, nothing saved.

    Each question gets the request of a signed-in visitor (`request.user`), so an answer can reuse what
    the same request already read about the person.
    """

    def region(self, request) -> str:
        return ""

    def has_saved(self, request, platform: str) -> bool:
        return False


_installed: Visitor = Visitor()


def install(visitor: Visitor) -> None:
    global _installed
    _installed = visitor


def current() -> Visitor:
    return _installed
