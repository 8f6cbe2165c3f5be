"""Light and dark palettes, the toggle between them, system fonts only, and legible map and tooltips in both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def mkdocs_config() -> dict:
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)   # MkDocs' own tags (!ENV, ...)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


# ---------------------------------------------------------------- colour arithmetic (WCAG 2.1)


def rgba(css: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    if not css.startswith("rgb") or len(numbers) < 3:
        raise ValueError(f"not an rgb() colour: {css!r}")
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def over(top: str, bottom: str) -> tuple[float, float, float]:
    r, g, b, a = rgba(top)
    br, bg, bb, _ = rgba(bottom)
    return (r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a))


def luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    back = over(bg, "rgb(255, 255, 255)")
    hi, lo = sorted((luminance(over(fg, f"rgb{back}")), luminance(back)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_arithmetic() -> None:
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast("rgb(118, 118, 118)", "rgb(255, 255, 255)") == pytest.approx(4.54, abs=0.01)
    assert contrast("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(1)


# ---------------------------------------------------------------- configuration


def test_config_has_light_and_dark_palettes_with_a_toggle_and_no_webfont() -> None:
    theme = mkdocs_config()["theme"]
    assert theme["font"] is False, "theme.font must be false: no Google Fonts"
    palettes = theme["palette"]
    assert [p["scheme"] for p in palettes] == ["default", "slate"]
    assert all(p.get("toggle", {}).get("name") and p.get("media") for p in palettes), palettes
    assert "content.tooltips" in theme["features"]


def test_pages_use_system_fonts_and_link_nothing_elsewhere(open_page) -> None:
    """Nothing is loaded from another origin (the canonical address names the page, it loads nothing)."""
    visit = open_page("seminar-3/martin/")
    found = visit.page.evaluate("""() => ({
      font: getComputedStyle(document.body).fontFamily,
      code: getComputedStyle(document.body).getPropertyValue('--md-code-font-family'),
      urls: [...document.querySelectorAll('link[href]:not([rel~=canonical]):not([rel~=alternate]), script[src], img[src], iframe[src], source[src]')]
              .map(el => el.href || el.src)})""")
    assert "Roboto" not in found["font"] and "Roboto" not in found["code"], found
    foreign = [u for u in found["urls"] if not u.startswith(visit.base_url)]
    assert foreign == [], foreign


# ---------------------------------------------------------------- the toggle


def test_system_preference_picks_the_palette(open_page) -> None:
    assert open_page("", scheme="light").scheme == "default"
    assert open_page("", scheme="dark").scheme == "slate"


def test_toggle_switches_the_palette_and_remembers_it(open_page) -> None:
    visit = open_page("seminar-3/martin/", scheme="light")
    page = visit.page
    background = lambda: page.evaluate("() => getComputedStyle(document.body).backgroundColor")  # noqa: E731
    light_bg = background()
    toggle = page.locator("form[data-md-component=palette] label:visible")
    assert toggle.count() == 1 and toggle.get_attribute("title") == "Switch to dark mode"
    toggle.click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    dark_bg = background()
    assert luminance(over(dark_bg, "rgb(255, 255, 255)")) < 0.05 < luminance(over(light_bg, "rgb(0, 0, 0)"))
    # The visible toggle now leads back to the light palette (its title moves into a tooltip while hovered).
    assert page.locator("form[data-md-component=palette] label:visible").get_attribute("for") == "__palette_0"

    visit.goto("concepts/")
    assert visit.scheme == "slate", "the chosen palette did not carry over to the next page"
    page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'default'")


# ---------------------------------------------------------------- legibility in both palettes


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_concept_map_reads_well(open_page, scheme: str) -> None:
    visit = open_page("concepts/", scheme=scheme)
    found = visit.page.evaluate("""() => {
      const svg = document.querySelector('.concept-map svg');
      const box = svg.getBoundingClientRect();
      const view = svg.viewBox.baseVal;
      const nodes = svg.querySelector('.concept-map-nodes').getBBox();
      return {bg: getComputedStyle(document.body).backgroundColor,
              labels: [...svg.querySelectorAll('.concept-map-nodes text')].map(t => getComputedStyle(t).fill),
              dots: [...new Set([...svg.querySelectorAll('.concept-map-nodes circle')].map(c => getComputedStyle(c).fill))],
              fontPx: parseFloat(getComputedStyle(svg.querySelector('text')).fontSize) * box.width / view.width,
              view: [view.x, view.y, view.width, view.height], nodes: [nodes.x, nodes.y, nodes.width, nodes.height]};
    }""")
    label_contrast = min(contrast(fill, found["bg"]) for fill in found["labels"])
    dot_contrast = {fill: round(contrast(fill, found["bg"]), 2) for fill in found["dots"]}
    assert label_contrast >= 4.5, (label_contrast, found["labels"][:3], found["bg"])
    assert len(dot_contrast) >= 3 and min(dot_contrast.values()) >= 3, dot_contrast
    assert found["fontPx"] >= 8, f"map labels shrink to {found['fontPx']:.1f} px"
    vx, vy, vw, vh = found["view"]
    nx, ny, nw, nh = found["nodes"]
    assert vx <= nx and vy <= ny and nx + nw <= vx + vw and ny + nh <= vy + vh, \
        f"labels are cut off: nodes {found['nodes']} outside the view box {found['view']}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tooltips_read_well(open_page, scheme: str) -> None:
    visit = open_page("seminar-3/martin/", scheme=scheme)
    page = visit.page
    link = page.locator("article h2 a.headerlink").first     # the theme's tooltips serve the links' own titles
    link.scroll_into_view_if_needed()
    link.hover()
    tip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
    tip.wait_for(state="attached")
    page.wait_for_function("el => getComputedStyle(el.parentElement).opacity === '1'", arg=tip.element_handle())
    style = tip.evaluate("""el => { const s = getComputedStyle(el);
      return {color: s.color, bg: s.backgroundColor, page: getComputedStyle(document.body).backgroundColor,
              size: parseFloat(s.fontSize), weight: parseInt(s.fontWeight), border: s.borderTopStyle,
              line: parseFloat(s.lineHeight)}; }""")
    assert contrast(style["color"], style["bg"]) >= 4.5, style
    assert style["size"] >= 12 and style["weight"] <= 500, f"tooltip text is small or bold: {style}"
    assert style["line"] >= 1.3 * style["size"], style
    # The tooltip has the page's own background; a border sets it apart from the text beneath.
    assert style["border"] == "solid", style
