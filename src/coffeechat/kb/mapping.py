"""Propose O*NET codes for role profiles not yet in curated/profile_occupations.yaml.

`python -m coffeechat.kb.mapping` (or `make occupations`) matches each new profile's names
to the occupation list and appends a proposal with scope `specialty`, marked for review: a
person checks the code and decides whether the profile speaks for its whole occupation
(scope `occupation`), as tests/unit/test_general_profile.py expects every profile mapped.
"""

from __future__ import annotations

import sys
from pathlib import Path

from coffeechat.kb.occupations import match_occupation
from coffeechat.kb.roles import MAPPING_SOURCE, all_profiles, profile_occupations, role_names


def propose() -> list[str]:
    """YAML lines for every profile without a mapping: the best-matching code over its names."""
    known = profile_occupations()
    lines = []
    for profile in all_profiles():
        if profile.source in known:
            continue
        matches = [m for m in (match_occupation(name) for name in dict.fromkeys(role_names(profile))) if m]
        if not matches:
            lines.append(f"  # {profile.source}: no occupation matched any of its names; map it by hand")
            continue
        best = max(matches, key=lambda m: m.score)
        lines.append(f'  {profile.source}: {{onet: "{best.occupation.code}", scope: specialty}}  # proposed: {best.occupation.title} ({best.score:.2f} via "{best.label}"); review')
    return lines


def main() -> int:
    lines = propose()
    if not lines:
        print("every profile is mapped")
        return 0
    path = Path(__file__).resolve().parents[1] / MAPPING_SOURCE
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    print(f"appended {len(lines)} proposal(s) to {MAPPING_SOURCE}: review each code and scope")
    return 0


if __name__ == "__main__":
    sys.exit(main())
