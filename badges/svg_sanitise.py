"""Make an uploaded SVG safe to serve: parse it without DTD nor entities, rebuild it from an
allow-list.

``svg_sanitise(content)`` returns the drawing only, serialised afresh:

- parsing: defusedxml, with DTDs, entities and external references forbidden (the
  standard ``<!DOCTYPE svg PUBLIC …>`` line of old exports, which declares nothing, is
  dropped first); a file that needs one is refused, which stops "billion laughs" and
  external entities (XXE);
- elements: static SVG only (shapes, text, gradients, patterns, clip paths, masks,
  markers, filters, ``use``, ``image``); ``script``, ``foreignObject``, ``iframe``,
  ``embed``, ``object``, animations (``animate``, ``set``…), SVG fonts and anything in
  another namespace are dropped with what they contain; a link (``a``) keeps its drawing
  as a group, without its address;
- attributes: geometry and presentation only: no event handler (``onload``…), no
  ``javascript:``; ``href``/``xlink:href`` only to a ``#fragment`` (or, on ``image``,
  embedded ``data:image/png|jpeg;base64``); ``url(…)`` only to ``#fragments``; in
  ``style`` attributes, only known properties with such values;
- ``<style>`` sheets are kept only without at-rules (``@import``, ``@font-face``), escapes
  or ``url()`` other than ``#fragments``; comments and processing instructions go.

Drawings that would take too long to render (too many elements, too deep, ``use`` bombs
or cycles) are refused. ``SvgRefused.code`` says why, for a message to the person.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as StdElementTree
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

MAX_ELEMENTS = 20_000
MAX_DEPTH = 64
#: Elements drawn once every ``use`` is expanded.
MAX_EXPANDED = 100_000

DRAWING = frozenset(
    {"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "image", "use"}
)
CONTAINERS = frozenset(
    {"svg", "g", "defs", "symbol", "a", "clipPath", "mask", "pattern", "marker", "switch"}
)
PAINT_SERVERS = frozenset({"linearGradient", "radialGradient", "stop"})
TEXT = frozenset({"text", "tspan", "textPath", "title", "desc", "style"})
FILTERS = frozenset(
    {
        "filter",
        "feBlend",
        "feColorMatrix",
        "feComponentTransfer",
        "feComposite",
        "feConvolveMatrix",
        "feDiffuseLighting",
        "feDisplacementMap",
        "feDistantLight",
        "feDropShadow",
        "feFlood",
        "feFuncA",
        "feFuncB",
        "feFuncG",
        "feFuncR",
        "feGaussianBlur",
        "feMerge",
        "feMergeNode",
        "feMorphology",
        "feOffset",
        "fePointLight",
        "feSpecularLighting",
        "feSpotLight",
        "feTile",
        "feTurbulence",
    }
)
ELEMENTS = DRAWING | CONTAINERS | PAINT_SERVERS | TEXT | FILTERS

#: Presentation attributes, which are also the properties a ``style`` attribute may set.
PRESENTATION = frozenset(
    {
        "alignment-baseline",
        "baseline-shift",
        "clip-path",
        "clip-rule",
        "color",
        "color-interpolation",
        "color-interpolation-filters",
        "direction",
        "display",
        "dominant-baseline",
        "fill",
        "fill-opacity",
        "fill-rule",
        "filter",
        "flood-color",
        "flood-opacity",
        "font",
        "font-family",
        "font-size",
        "font-size-adjust",
        "font-stretch",
        "font-style",
        "font-variant",
        "font-weight",
        "image-rendering",
        "isolation",
        "letter-spacing",
        "lighting-color",
        "marker",
        "marker-end",
        "marker-mid",
        "marker-start",
        "mask",
        "mix-blend-mode",
        "opacity",
        "overflow",
        "paint-order",
        "shape-rendering",
        "stop-color",
        "stop-opacity",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
        "text-anchor",
        "text-decoration",
        "text-rendering",
        "transform",
        "transform-origin",
        "unicode-bidi",
        "vector-effect",
        "visibility",
        "white-space",
        "word-spacing",
        "writing-mode",
    }
)
GEOMETRY = frozenset(
    {
        "id",
        "class",
        "style",
        "lang",
        "xml:lang",
        "xml:space",
        "version",
        "viewBox",
        "preserveAspectRatio",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "fx",
        "fy",
        "fr",
        "width",
        "height",
        "d",
        "points",
        "pathLength",
        "dx",
        "dy",
        "rotate",
        "textLength",
        "lengthAdjust",
        "startOffset",
        "method",
        "spacing",
        "side",
        "offset",
        "gradientUnits",
        "gradientTransform",
        "spreadMethod",
        "patternUnits",
        "patternContentUnits",
        "patternTransform",
        "clipPathUnits",
        "maskUnits",
        "maskContentUnits",
        "markerWidth",
        "markerHeight",
        "markerUnits",
        "refX",
        "refY",
        "orient",
        "filterUnits",
        "primitiveUnits",
        "in",
        "in2",
        "result",
        "stdDeviation",
        "mode",
        "type",
        "values",
        "operator",
        "k1",
        "k2",
        "k3",
        "k4",
        "radius",
        "tableValues",
        "slope",
        "intercept",
        "amplitude",
        "exponent",
        "baseFrequency",
        "numOctaves",
        "seed",
        "stitchTiles",
        "scale",
        "xChannelSelector",
        "yChannelSelector",
        "surfaceScale",
        "specularConstant",
        "specularExponent",
        "diffuseConstant",
        "kernelMatrix",
        "kernelUnitLength",
        "order",
        "divisor",
        "bias",
        "targetX",
        "targetY",
        "edgeMode",
        "preserveAlpha",
        "azimuth",
        "elevation",
        "z",
        "pointsAtX",
        "pointsAtY",
        "pointsAtZ",
        "limitingConeAngle",
    }
)
ATTRIBUTES = PRESENTATION | GEOMETRY
HREFS = frozenset({"href", "xlink:href"})

_DOCTYPE = re.compile(
    rb"\A(\xef\xbb\xbf)?(\s*<\?xml[^>]*\?>)?((?:\s*<!--.*?-->)*)\s*"
    rb'<!DOCTYPE\s+svg\s+PUBLIC\s+"[^"<>\[\]]*"\s+"[^"<>\[\]]*"\s*>',
    re.DOTALL,
)
_URL = re.compile(r"url\(\s*(['\"]?)([^)'\"]*)\1\s*\)", re.IGNORECASE)
_IMAGE_DATA = re.compile(r"^data:image/(png|jpeg);base64,[a-z0-9+/=\s]+$", re.IGNORECASE)
_FRAGMENT = re.compile(r"^#[A-Za-z_][\w.:-]*$")
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*(px)?\s*$", re.IGNORECASE)
_FORBIDDEN_WORDS = ("javascript:", "vbscript:", "expression(", "behavior:", "-moz-binding")


class SvgRefused(Exception):
    """The SVG cannot be made safe. ``code``: entities, not_svg, size, too_complex, empty."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CleanSvg:
    svg: bytes
    width: float
    height: float


def _local(tag: object) -> str | None:
    """The SVG element's name; ``None`` for another namespace (or a comment)."""
    if not isinstance(tag, str):
        return None
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return name if namespace == SVG_NS else None
    return tag


def _attribute_name(name: str) -> str | None:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        if namespace == XLINK_NS and local == "href":
            return "xlink:href"
        if namespace == XML_NS and local in ("space", "lang"):
            return f"xml:{local}"
        return None
    return name


def _compact(value: str) -> str:
    """Lowercase without whitespace nor control characters (what browsers would skip)."""
    return re.sub(r"[\s\x00-\x1f]+", "", value).lower()


def _value_ok(value: str) -> bool:
    compact = _compact(value)
    if "\\" in value or "@import" in compact or any(w in compact for w in _FORBIDDEN_WORDS):
        return False
    if "url(" in compact:
        targets = [match.group(2).strip() for match in _URL.finditer(value)]
        if len(targets) != compact.count("url(") or not all(map(_FRAGMENT.match, targets)):
            return False
    return "data:" not in compact


def _href_ok(element: str, value: str) -> bool:
    value = value.strip()
    if _FRAGMENT.match(value):
        return True
    return element == "image" and bool(_IMAGE_DATA.match(value))


def _style_clean(value: str) -> str:
    kept = []
    for declaration in value.split(";"):
        prop, colon, val = declaration.partition(":")
        prop = prop.strip().lower()
        if colon and prop in PRESENTATION and val.strip() and _value_ok(val):
            kept.append(f"{prop}:{val.strip()}")
    return ";".join(kept)


def _css_ok(css: str) -> bool:
    """A ``<style>`` sheet that loads nothing: no at-rule, escape, or ``url()`` but fragments."""
    compact = _compact(css)
    return "@" not in compact and "</" not in compact and "<" not in css and _value_ok(css)


def _attributes(element: str, node: Element) -> list[tuple[str, str]]:
    kept = []
    for raw_name, value in node.attrib.items():
        name = _attribute_name(raw_name)
        if name is None:
            continue
        if name in HREFS:
            if _href_ok(element, value):
                kept.append((name, value.strip()))
            continue
        if name not in ATTRIBUTES:
            continue  # event handlers (onload…) and anything unknown
        if name == "style":
            value = _style_clean(value)
            if value:
                kept.append((name, value))
        elif _value_ok(value):
            kept.append((name, value))
    return kept


def _quote(value: str) -> str:
    return escape(value, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.drawn = 0

    def element(self, node: Element, *, root: bool = False) -> None:
        name = _local(node.tag)
        if name is None or name not in ELEMENTS:
            return  # script, foreignObject, animations… with everything inside
        if name == "a":
            name = "g"  # the drawing stays, the link goes
        attributes = _attributes(name, node)
        if name in ("use", "image") and not any(key in HREFS for key, _ in attributes):
            return
        if name == "style" and not _css_ok(node.text or ""):
            return
        if name in DRAWING:
            self.drawn += 1
        if root:
            attributes = [
                ("xmlns", SVG_NS),
                ("xmlns:xlink", XLINK_NS),
                *((key, value) for key, value in attributes if not key.startswith("xmlns")),
            ]
        text = "".join(f' {key}="{_quote(value)}"' for key, value in attributes)
        self.parts.append(f"<{name}{text}>")
        start = len(self.parts)
        keeps_text = name in TEXT
        if keeps_text and node.text:
            self.parts.append(escape(node.text))
        for child in node:
            self.element(child)
            if keeps_text and child.tail:
                self.parts.append(escape(child.tail))
        if len(self.parts) == start:
            self.parts[-1] = f"<{name}{text}/>"
        else:
            self.parts.append(f"</{name}>")


def _parse(content: bytes) -> Element:
    content = _DOCTYPE.sub(lambda match: b"".join(g or b"" for g in match.groups()), content, 1)
    try:
        root = SafeElementTree.fromstring(
            content, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException:
        raise SvgRefused("entities") from None
    except (StdElementTree.ParseError, ValueError, UnicodeError):
        raise SvgRefused("not_svg") from None
    if _local(root.tag) != "svg":
        raise SvgRefused("not_svg")
    return root


def _check_complexity(root: Element) -> None:
    count = 0
    stack: list[tuple[Element, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_ELEMENTS or depth > MAX_DEPTH:
            raise SvgRefused("too_complex")
        stack.extend((child, depth + 1) for child in node)
    _check_expansion(root)


def _href(node: Element) -> str:
    return (node.get("href") or node.get(f"{{{XLINK_NS}}}href") or "").strip()


def _check_expansion(root: Element) -> None:
    """Refuse ``use`` cycles and "use bombs" (uses of groups of uses, exponentially)."""
    ids = {node.get("id"): node for node in root.iter() if node.get("id")}
    costs: dict[int, int] = {}
    visiting: set[int] = set()

    def cost(node: Element) -> int:
        key = id(node)
        if key in costs:
            return costs[key]
        if key in visiting:
            raise SvgRefused("too_complex")
        visiting.add(key)
        total = 1 + sum(cost(child) for child in node)
        href = _href(node)
        if _local(node.tag) == "use" and href.startswith("#") and href[1:] in ids:
            total += cost(ids[href[1:]])
        visiting.discard(key)
        if total > MAX_EXPANDED:
            raise SvgRefused("too_complex")
        costs[key] = total
        return total

    try:
        cost(root)
    except RecursionError:
        raise SvgRefused("too_complex") from None


def _length(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    if not match:
        return None
    number = float(match.group(1))
    return number if number > 0 else None


def _view_box(value: str | None) -> tuple[float, float] | None:
    parts: Iterable[str] = re.split(r"[\s,]+", (value or "").strip())
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        return None
    if len(numbers) != 4 or numbers[2] <= 0 or numbers[3] <= 0:
        return None
    return numbers[2], numbers[3]


def _size(root: Element) -> tuple[float, float]:
    width, height = _length(root.get("width")), _length(root.get("height"))
    if width and height:
        if root.get("viewBox") is None:
            root.set("viewBox", f"0 0 {width:g} {height:g}")  # so that it scales
        return width, height
    view_box = _view_box(root.get("viewBox"))
    if view_box is None:
        raise SvgRefused("size")
    return view_box


def svg_sanitise(content: bytes) -> CleanSvg:
    """The safe drawing of an SVG document, re-serialised (``SvgRefused`` if impossible)."""
    root = _parse(content)
    _check_complexity(root)
    width, height = _size(root)
    writer = _Writer()
    writer.element(root, root=True)
    if not writer.drawn:
        raise SvgRefused("empty")
    svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(writer.parts) + "\n"
    return CleanSvg(svg=svg.encode(), width=width, height=height)
