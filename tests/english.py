"""English mode in tests: a client with the language cookie, and the Chinese left on a page. With
test data in Latin letters, any Chinese in a page's own content is a string nobody translated."""
import re
from html.parser import HTMLParser

from django.conf import settings

# Han characters, CJK punctuation (、。「」), full-width forms (，：；（）).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
CJK_RUN = re.compile(CJK.pattern + "+")


class _MainText(HTMLParser):
    """The text of a page's <main> (the page's own content and its messages; the top bar and the
    footer are base.html's) and the attributes people read there, without scripts and styles."""

    READ = {"title", "placeholder", "aria-label", "alt"}

    def __init__(self):
        super().__init__()
        self.parts, self._main, self._skip = [], 0, 0

    def handle_starttag(self, tag, attrs):
        self._main += tag == "main"
        self._skip += tag in ("script", "style")
        if self._main:
            self.parts += [value for name, value in attrs if name in self.READ and value]

    def handle_endtag(self, tag):
        self._main -= tag == "main"
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if self._main and not self._skip:
            self.parts.append(data)


def chinese_on(response) -> list[str]:
    """Each stretch of Chinese in the page's main content, with a little context either side."""
    parser = _MainText()
    parser.feed(response.content.decode())
    text = " ".join(" ".join(parser.parts).split())
    return [text[max(m.start() - 25, 0):m.end() + 25] for m in CJK_RUN.finditer(text)]


def english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
