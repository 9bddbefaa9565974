"""Rendering pygal charts as inline SVG that the Content-Security-Policy accepts."""

import re

SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def svg_sans_script(chart) -> str:
    """The chart's SVG without pygal's inline <script> (its config, useless without pygal's JS
    from a CDN, and refused by our CSP). Charts are built with `js=[]` and a data table."""
    return SCRIPT.sub("", chart.render(is_unicode=True))
