"""Public pages for slow phones (issue 15) and in English (issue 14): stored compressed bodies,
ETag/304, the year board in pages under 600 DOM nodes at any size, search across pages, counts
that say what matched, the language switch, PNG QR codes, share metadata."""
import gzip
import re

import brotli
import pytest
from django.core.cache import cache
from django.test import Client
from lxml import html as lxml_html

from boards import services
from cycles.models import Cycle
from pledges.models import Pledge
from tests.fixtures.big_district import big_district

pytestmark = pytest.mark.django_db

DOM_BOUND = 600
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”]")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def big_board(officials: int = 640):
    """A district of `officials` (Latin names: data that stays as entered), every tenth without
    a published pledge."""
    return big_district(officials, code="bigtown", name="Big Town")


def elements(response) -> int:
    body = gzip.decompress(response.content) if response.get("Content-Encoding") == "gzip" else response.content
    return len(lxml_html.fromstring(body).xpath("//*"))


def test_year_board_stays_under_the_dom_bound_at_any_size_and_search_works_across_pages():
    board, people = big_board()
    client = Client()
    first = client.get(board)
    assert first.status_code == 200
    assert elements(first) <= DOM_BOUND
    body = first.content.decode()
    assert "Official 0001" in body and "Official 0639" not in body  # later officials are on later pages
    assert "另有 64 位干部暂无审核通过的承诺，未列出。" in body  # explained, not shown as "0 项承诺"
    assert "Official 0000" not in body  # …and left out of the cards
    last = client.get(board, {"page": "29"})
    assert "Official 0639" in last.content.decode() and elements(last) <= DOM_BOUND
    # A search matching everyone is paged too, and its pager keeps the search.
    every = client.get(board, {"q": "schools"})
    assert elements(every) <= DOM_BOUND
    assert 'href="/boards/bigtown/2026/?q=schools&amp;page=2#officials"' in every.content.decode()
    # A search for one official on a later page finds it on the first page of results.
    one = client.get(board, {"q": "Official 0637"}).content.decode()
    assert "Official 0637" in one and "找到 1 位干部" in one
    # The card says how many of the official's pledges matched, of how many.
    assert "匹配 1 / 共 3 项" in client.get(board, {"q": "schools"}).content.decode()
    assert "匹配 3 / 共 3 项" in one


def test_pages_are_compressed_once_with_vary_and_answer_304():
    board, people = big_board(30)
    client = Client()
    plain = client.get(board)
    assert plain.status_code == 200 and "Content-Encoding" not in plain
    for header, decode in (("gzip", gzip.decompress), ("br", brotli.decompress)):
        response = client.get(board, headers={"Accept-Encoding": f"{header}, deflate"})
        assert response["Content-Encoding"] == header
        assert decode(response.content) == plain.content
        assert len(response.content) < len(plain.content) / 4
        assert "Accept-Encoding" in response["Vary"] and "Cookie" in response["Vary"]
    assert client.get(board, headers={"Accept-Encoding": "gzip, br"})["Content-Encoding"] == "br"
    assert client.get(board, headers={"Accept-Encoding": "br;q=0, gzip"})["Content-Encoding"] == "gzip"
    etag, modified = plain["ETag"], plain["Last-Modified"]
    assert etag.startswith('W/"')
    again = client.get(board, headers={"If-None-Match": etag, "Accept-Encoding": "br"})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get(board, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(board, headers={"If-None-Match": 'W/"other"'}).status_code == 200
    official = f"{board}officials/{people[1].pk}/"
    page = client.get(official)
    assert page.status_code == 200 and 'name="csrfmiddlewaretoken"' not in page.content.decode()
    assert client.get(official, headers={"If-None-Match": page["ETag"]}).status_code == 304
    # A new version is new content: the old ETag no longer matches.
    services.board_publish(actor=None, cycle=Cycle.objects.get(district__code="bigtown"))
    assert client.get(board, headers={"If-None-Match": etag}).status_code == 200


def test_english_board_pages_show_no_chinese_but_the_data():
    board, people = big_board(25)
    client = Client()
    switch = client.get("/boards/language/", {"language": "en", "next": board})
    assert switch.status_code == 302 and switch["Location"] == board
    assert client.cookies["django_language"].value == "en"
    pages = [board, f"{board}?q=schools", f"{board}officials/{people[1].pk}/", "/boards/bigtown/",
             f"{board}honour/", f"{board}officials/{people[1].pk}/feedback/?pledge="
             f"{Pledge.objects.filter(official=people[1]).first().pk}"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert 'lang="en"' in text, url
        # The only CJK allowed: the language switch's own name for Chinese.
        found = CJK.findall(text.replace('lang="zh-hans" hreflang="zh-hans" rel="nofollow">中文', ""))
        assert not found, (url, "".join(found)[:80])
    back = client.get("/boards/language/", {"language": "zh-hans", "next": board}, follow=True)
    assert "区管党政正职履职践诺公示" in back.content.decode()


def test_language_switch_goes_only_to_local_addresses():
    client = Client()
    away = client.get("/boards/language/", {"language": "en", "next": "https://evil.example/"})
    assert away.status_code == 302 and away["Location"] == "/"
    odd = client.get("/boards/language/", {"language": "xx", "next": "/boards/"})
    assert odd.status_code == 302 and "django_language" not in odd.cookies


def test_share_metadata_png_qr_and_the_legend_in_words():
    board, people = big_board(5)
    body = Client().get(board).content.decode()
    for expected in ('property="og:title"', 'property="og:url" content="http://testserver/boards/bigtown/2026/"',
                     'property="og:image" content="http://testserver/boards/bigtown/2026/qr.png"',
                     'href="/boards/bigtown/2026/qr.png"', 'href="/boards/bigtown/2026/qr.svg"',
                     "A 级：", 'aria-label="目标等级：B 级、B 级、B 级"', "本页地址：http://testserver/boards/bigtown/2026/"):
        assert expected in body, expected
    assert body.index("A 级：") < body.index('class="pb-cards"')  # the legend comes first
    png = Client().get(f"{board}qr.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    person = Client().get(f"{board}officials/{people[1].pk}/qr.png")
    assert person.status_code == 200 and person.content.startswith(b"\x89PNG")
