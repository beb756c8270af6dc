"""A watched page read at another address than before (the server redirected): the same address written otherwise,
or another one. Pure: no Django.

Whether two addresses lead to the same page is `optout.lib.addresses.same_address` (the fetcher needs it too). Any
other leads to another address: the policy moved, or the visitor is sent to the site's home page, a login page,
another region's page or a variant under test, and what is read there is not to be compared with the policy as
if nothing had happened (`services.runs.process`).
"""

from __future__ import annotations

from optout.lib.addresses import address_key, same_address

__all__ = ["address_key", "same_address", "site_root"]


def site_root(url: str) -> bool:
    """Whether an address is a site's home page (its path is "/", whatever its query): never a policy."""
    return address_key(url)[2] == "/"
