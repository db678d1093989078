"""Campaign descriptions: Markdown written by organizers, rendered to HTML that is safe to show."""

import nh3
from markdown_it import MarkdownIt

# "js-default" is CommonMark with raw HTML off and links limited to safe schemes; nh3 then keeps only
# an allow-list of tags and attributes, so a description can never carry a script or a tracker.
_markdown = MarkdownIt("js-default")
ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "code"}


def render_description(text: str) -> str:
    """Sanitized HTML for a campaign's Markdown description."""
    return nh3.clean(
        _markdown.render(text),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
