"""For bench/lighthouse.sh: add a district of N officials (set-based) to the demo database,
publish its board, and print three paths: the demo's year board, one demo official, the big
district's year board.   .venv/bin/python bench/lighthouse_data.py 1000"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(size: int) -> None:
    import django

    django.setup()
    from boards.models import Board
    from tests.fixtures.big_district import big_district

    demo = Board.objects.filter(live_version__isnull=False).select_related("cycle__district", "live_version") \
        .order_by("-cycle__year").first()
    code, year = demo.cycle.district.code, demo.cycle.year
    someone = next(o for o in demo.live_version.snapshot["officials"] if o["pledges"])
    big_district(size, code="lighthouse", name="Lighthouse", year=year)
    print(f"/boards/{code}/{year}/ /boards/{code}/{year}/officials/{someone['id']}/ /boards/lighthouse/{year}/")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
