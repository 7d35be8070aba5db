"""core.markdown: the project's documents as HTML (markdown-it-py), always escaped."""
from core.markdown import render


def test_headings_paragraphs_lists_and_a_rule():
    html = render("# 考核规则\n\n## 1. 一年的工作\n\n第一段。\n\n---\n\n- 甲\n- 乙\n\n1. one\n2. two")

    assert "<h1>考核规则</h1>" in html and "<h2>1. 一年的工作</h2>" in html and "<p>第一段。</p>" in html
    assert "<hr />" in html and "<ul>\n<li>甲</li>" in html and "<ol>\n<li>one</li>" in html


def test_a_pipe_table_with_its_header_gets_the_apps_table_classes():
    html = render("| 代码 | 含义 |\n|---|---|\n| `leave` | 长期病休 |\n| **A** | 1 |")

    assert html.startswith('<div class="table-wrap"><table class="table">') and html.rstrip().endswith("</div>")
    assert "<th>代码</th>" in html and "<td><code>leave</code></td>" in html and "<td><strong>A</strong></td>" in html


def test_html_in_the_text_is_escaped_everywhere():
    html = render('# <b>x</b>\n\n<script>alert(1)</script>\n\n- <img src=x onerror="y">\n\n| <i> |\n|---|\n| & |')

    assert "<script>" not in html and "<b>" not in html and "<img" not in html and "<i>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
