"""QR codes of the public pages: a pure SVG function, and the views that serve it."""
import re
import xml.etree.ElementTree as ET

import pytest
import segno
from django.test import Client

from boards import services
from boards.qr import MODULE, QUIET_ZONE, qr_svg

SVG = "{http://www.w3.org/2000/svg}"
URL = "https://gb.example.gov.cn/boards/shibei/2026/"


def modules(svg: bytes) -> set[tuple[int, int]]:
    """The dark modules (column, row) the SVG's paths draw, read back from the path data (segno
    draws each row's dark runs as horizontal strokes: M/m moves, h runs)."""
    root = ET.fromstring(svg)
    dark = set()
    for path in root.iter(f"{SVG}path"):
        if path.get("stroke") is None:
            continue  # the white background
        x = y = 0.0
        for command, args in re.findall(r"([MmHh])([^MmHh]*)", path.get("d")):
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
            if command == "M":
                x, y = numbers
            elif command == "m":
                x, y = x + numbers[0], y + numbers[1]
            else:  # "h": a run of dark modules on row y − 0.5
                run = numbers[0] if command == "h" else numbers[0] - x
                dark |= {(int(x) + i - QUIET_ZONE, int(y - 0.5) - QUIET_ZONE) for i in range(int(run))}
                x += run
    return dark


def expected(url: str) -> set[tuple[int, int]]:
    matrix = segno.make(url, error="m", micro=False, boost_error=False).matrix
    return {(col, row) for row, line in enumerate(matrix) for col, bit in enumerate(line) if bit}


def test_qr_svg_is_a_valid_sized_and_scalable_svg():
    root = ET.fromstring(qr_svg(URL))
    assert root.tag == f"{SVG}svg"
    size = segno.make(URL, error="m", micro=False).symbol_size(scale=MODULE, border=QUIET_ZONE)[0]
    assert root.get("width") == root.get("height") == str(size)
    assert root.get("viewBox") == f"0 0 {size} {size}"
    paths = list(root.iter(f"{SVG}path"))
    assert len(paths) == 2 and paths[0].get("fill") == "#fff" and paths[1].get("stroke") == "#000"
    assert b"<script" not in qr_svg(URL)


def test_qr_svg_is_deterministic():
    assert qr_svg(URL) == qr_svg(URL)
    assert qr_svg(URL) != qr_svg(URL + "officials/1/")


def test_qr_svg_draws_exactly_the_qr_code_of_the_url():
    assert modules(qr_svg(URL)) == expected(URL)
    long_url = URL + "officials/1234567/?version=12"
    assert modules(qr_svg(long_url)) == expected(long_url)


def test_qr_svg_escapes_its_title():
    root = ET.fromstring(qr_svg(URL, title='扫码<script>"&'))
    assert root.find(f"{SVG}title").text == '扫码<script>"&'


@pytest.fixture
def live(world, published_world):
    return services.board_publish(actor=world.users["staff"], cycle=world.own_cycle)


@pytest.mark.django_db
def test_the_year_qr_encodes_the_absolute_address_of_the_board(world, live):
    response = Client().get("/boards/shibei/2026/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and re.search(r"max-age=\d+", cache_control)
    assert modules(response.content) == expected("http://testserver/boards/shibei/2026/")


@pytest.mark.django_db
def test_the_official_qr_encodes_the_officials_page(world, live):
    url = f"/boards/shibei/2026/officials/{world.own_official.pk}/"
    response = Client().get(url + "qr.svg", secure=True)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert modules(response.content) == expected(f"https://testserver{url}")


@pytest.mark.django_db
def test_no_qr_for_what_is_not_published(world, live):
    client = Client()
    assert client.get("/boards/laoshan/2026/qr.svg").status_code == 404
    assert client.get("/boards/shibei/2025/qr.svg").status_code == 404
    assert client.get(f"/boards/shibei/2026/officials/{world.foreign_official.pk}/qr.svg").status_code == 404


@pytest.mark.django_db
def test_pages_show_the_qr_with_a_save_link(world, live):
    client = Client()
    board = client.get("/boards/shibei/2026/").content.decode()
    assert 'src="/boards/shibei/2026/qr.png"' in board and 'href="/boards/shibei/2026/qr.svg"' in board
    assert "保存二维码" in board
    official = client.get(f"/boards/shibei/2026/officials/{world.own_official.pk}/").content.decode()
    assert f'src="/boards/shibei/2026/officials/{world.own_official.pk}/qr.png"' in official
    assert f'href="/boards/shibei/2026/officials/{world.own_official.pk}/qr.svg"' in official
