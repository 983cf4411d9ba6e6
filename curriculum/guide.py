"""The user guide's text format, drawn as HTML: paragraphs, "## " headings and "- " lists.

Everything is escaped; no markup written by an author reaches the page.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def render_body(text: str) -> SafeString:
    parts: list[str] = []
    for block in (b.strip() for b in text.replace("\r\n", "\n").split("\n\n")):
        if not block:
            continue
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines[0].startswith("## "):
            parts.append(f"<h2>{escape(lines[0][3:].strip())}</h2>")
            lines = lines[1:]
            if not lines:
                continue
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{escape(line[2:].strip())}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{escape(' '.join(lines))}</p>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every piece above is escaped
