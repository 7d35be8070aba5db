"""The rules help page (/help/rules/, from docs/rules.md) and the user documents: README and docs/
point only inside the repository, and the rules name every state, outcome and exemption code."""
import re
from pathlib import Path

import pytest
from django.urls import reverse

from cycles.models import Cycle
from evaluations import rules

ROOT = Path(__file__).resolve().parents[1]
USER_DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXEMPTION_REASONS = ("under_investigation", "disciplined", "new_in_post", "leave", "other")  # SPEC section 4


@pytest.mark.parametrize("role", ["staff", "leader", "official", "admin"])
def test_the_rules_page_renders_the_document_for_every_signed_in_role(client, world, role):
    client.force_login(world.users[role])

    response = client.get(reverse("help-rules"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>考核规则（组织部工作人员用）</h1>" in body
    assert '<table class="table">' in body
    for words in ("一票否决", "不确定等次", "信息不完整", "<code>confirm_over_quota</code>", "English summary"):
        assert words in body


def test_the_rules_page_asks_a_visitor_to_sign_in(client, db):
    response = client.get(reverse("help-rules"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_every_page_of_a_signed_in_user_links_the_rules_in_its_footer(client, world):
    client.force_login(world.users["official"])

    body = client.get(reverse("accounts:home")).content.decode()

    assert f'<a href="{reverse("help-rules")}">考核规则说明</a>' in body


def test_the_rules_name_every_state_outcome_and_exemption_reason():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")

    for state in Cycle.State:
        assert f"{state.label} `{state.value}`" in text
    for code, label in rules.OUTCOME_LABELS.items():
        assert re.search(rf"^\| `{code}` \|.*\| {re.escape(label)} \|$", text, re.M), code
    for reason in EXEMPTION_REASONS:
        assert f"| `{reason}` |" in text


@pytest.mark.parametrize("document", USER_DOCUMENTS, ids=lambda path: path.name)
def test_user_documents_point_only_inside_the_repository(document):
    """A user's clone has nothing beside the project: no `../` path, no absolute path of the
    development machine, and every relative link leads to a file of the repository."""
    text = document.read_text(encoding="utf-8")

    assert "../" not in text
    assert "/work/" not in text
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if target.startswith(("http://", "https://", "#", "mailto:")):
            continue
        path = target.split("#")[0]
        assert (document.parent / path).exists(), f"{document.name} links {target}, which is not in the repository"


def test_in_english_the_rules_page_opens_with_the_english_summary_and_marks_the_chinese(client, world):
    from django.conf import settings

    client.force_login(world.users["staff"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    body = client.get(reverse("help-rules")).content.decode()

    english, chinese = body.index('<section lang="en">'), body.index('<section lang="zh-hans">')
    assert english < chinese
    assert body.index("English summary") < chinese < body.index("考核规则（组织部工作人员用）")
