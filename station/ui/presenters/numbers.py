"""A count as a worker sees it: a big numeral plus dots in groups of five (never > 4 loose)."""

from __future__ import annotations

from dataclasses import dataclass

GROUP = 5
MAX_GROUPS_SHOWN = 10  # above 50 the dots become "50+" groups; the numeral carries the rest


@dataclass(frozen=True, slots=True)
class CountPicture:
    digits: str
    full_groups: int  # groups of five dots shown
    loose: int  # 0..4 single dots after the groups
    overflow: bool  # more than MAX_GROUPS_SHOWN groups: the picture is capped

    @property
    def dots(self) -> str:
        """A text rendering (also used in tests and the tour): ●●●●● ●● ..."""
        groups = ["●" * GROUP] * self.full_groups
        if self.loose:
            groups.append("●" * self.loose)
        text = " ".join(groups) or "○"
        return text + (" +" if self.overflow else "")


def count_picture(n: int | None) -> CountPicture:
    """`None` (no reading yet) shows as a dash with no dots."""
    if n is None or n < 0:
        return CountPicture("–", 0, 0, False)
    groups, loose = divmod(n, GROUP)
    overflow = groups > MAX_GROUPS_SHOWN
    if overflow:
        groups, loose = MAX_GROUPS_SHOWN, 0
    return CountPicture(str(n), groups, loose, overflow)

