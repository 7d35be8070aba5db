"""core.markdown: the subset of Markdown the project's documents use, always escaped."""
from core.markdown import render


def test_headings_paragraphs_and_a_rule():
    html = render("# 考核规则\n\n## 1. 一年的工作\n\n### 开年\n\n第一段。\n\n---\n\n第二段。")

    assert html == ("<h1>考核规则</h1>\n<h2>1. 一年的工作</h2>\n<h3>开年</h3>\n<p>第一段。</p>\n<hr>\n"
                    "<p>第二段。</p>")


def test_lines_of_a_paragraph_join_without_a_space_between_chinese_and_with_one_between_words():
    assert render("工作人员为本区\n新建考核年度。") == "<p>工作人员为本区新建考核年度。</p>"
    assert render("officials file\npledges") == "<p>officials file pledges</p>"


def test_lists_with_continuation_lines_and_both_kinds():
    html = render("- 甲\n- 乙，\n  续行\n1. one\n2. two")

    assert html == "<ul><li>甲</li><li>乙，续行</li></ul>\n<ol><li>one</li><li>two</li></ol>"


def test_a_pipe_table_with_its_header():
    html = render("| 代码 | 含义 |\n|---|---|\n| `leave` | 长期病休 |\n| **A** | 1 |")

    assert html.startswith('<div class="table-wrap"><table class="table"><thead><tr><th>代码</th><th>含义</th>')
    assert "<td><code>leave</code></td><td>长期病休</td>" in html
    assert "<td><strong>A</strong></td>" in html


def test_bold_and_code_inline_but_no_bold_inside_code():
    assert render("**好** 与 `**x**`") == "<p><strong>好</strong> 与 <code>**x**</code></p>"


def test_html_in_the_text_is_escaped_everywhere():
    html = render('# <b>x</b>\n\n<script>alert(1)</script>\n\n- <img src=x onerror="y">\n\n| <i> |\n|---|\n| & |')

    assert "<script>" not in html and "<b>" not in html and "<img" not in html and "<i>" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=&quot;y&quot;&gt;" in html and "&amp;" in html


def test_what_the_subset_lacks_is_shown_as_written():
    assert render("[链接](http://example.org) *斜体*") == "<p>[链接](http://example.org) *斜体*</p>"
