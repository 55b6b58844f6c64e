"""Template filters of every page: ``markdown`` (sanitised by nh3 through ``civic.markdown``)."""

from django import template

from civic.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Render user-written Markdown as sanitised HTML."""
    return render_markdown(text)
