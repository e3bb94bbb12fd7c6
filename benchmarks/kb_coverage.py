"""Knowledge-base coverage: for each post, the share of months of 2015-2025 in which the knowledge base
names a holder, for the G20 and the Middle East.

    .venv/bin/python benchmarks/kb_coverage.py [--gaps]

A month counts as covered when someone held the post on its 15th. Gaps are real vacancies and caretaker
weeks as well as missing holders; `--gaps` lists each country's uncovered months.
"""

from __future__ import annotations

import argparse
from datetime import date

from dragoman.actors.kb import load_kb

G20 = "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN KOR MEX RUS SAU ZAF TUR GBR USA".split()  # noqa: SIM905
MIDDLE_EAST = "EGY IRN IRQ ISR JOR KWT LBN OMN PSE QAT SYR ARE YEM BHR".split()  # noqa: SIM905
POSTS = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister", "interior_minister")
MONTHS = [date(year, month, 15) for year in range(2015, 2026) for month in range(1, 13)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gaps", action="store_true", help="list each country's uncovered months per post")
    args = parser.parse_args()
    kb = load_kb()
    countries = list(dict.fromkeys(G20 + MIDDLE_EAST))
    print(f"{'post':20} {'countries >= 90%':>17} {'months covered':>15}")
    for post in POSTS:
        covered = {code: [bool(kb.holders(post, code, day)) for day in MONTHS] for code in countries}
        full = sum(sum(flags) >= 0.9 * len(MONTHS) for flags in covered.values())
        share = sum(sum(flags) for flags in covered.values()) / (len(MONTHS) * len(countries))
        print(f"{post:20} {full:>10} of {len(countries):<4} {share:>15.1%}")
        if args.gaps:
            for code, flags in covered.items():
                missing = [day for day, ok in zip(MONTHS, flags, strict=True) if not ok]
                if missing:
                    print(f"    {code}: {len(missing)} months, {missing[0]:%Y-%m} to {missing[-1]:%Y-%m}")


if __name__ == "__main__":
    main()
