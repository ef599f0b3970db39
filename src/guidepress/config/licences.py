"""The licences a guide's text may carry (`guide.licence`): SPDX id, name, deed address."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LICENCE = "CC-BY-4.0"


@dataclass(frozen=True)
class Licence:
    """A licence as readers see it: its short name and the address of its terms."""

    id: str
    name: str
    url: str


def _cc(kind: str) -> Licence:
    url = f"https://creativecommons.org/licenses/{kind}/4.0/"
    return Licence(f"CC-{kind.upper()}-4.0", f"CC {kind.upper()} 4.0", url)


LICENCES: dict[str, Licence] = {
    licence.id: licence
    for licence in (
        *(_cc(kind) for kind in ("by", "by-sa", "by-nd", "by-nc", "by-nc-sa", "by-nc-nd")),
        Licence("CC0-1.0", "CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    )
}
"""Creative Commons 4.0 licences and CC0, by SPDX id."""
