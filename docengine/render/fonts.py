"""Font families for documents, sized so that "16 pt" means what the standard means.

The standard is TH SarabunPSK at 16 pt. docengine bundles Sarabun (OFL) so output is
identical on every machine; an office may switch to TH SarabunPSK, TH Sarabun New or
Laksaman when installed. ``data/fonts.yaml`` holds each family's scale factor.

>>> f = font_family()
>>> f.name, round(f.pt(16), 2)
('Sarabun', 12.24)
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from pathlib import Path

from .. import refdata
from ..errors import DocengineError


@refdata.dataset("fonts", "fonts.yaml")
def _validate(content) -> list[str]:
    problems = []
    families = content.get("families")
    if not isinstance(families, dict) or not families:
        return ["families: must be a non-empty mapping"]
    if content.get("default") not in families:
        problems.append("default: must name one of the families")
    for name, spec in families.items():
        scale = (spec or {}).get("scale")
        if not isinstance(scale, (int, float)) or not 0.3 <= scale <= 2:
            problems.append(f"families.{name}.scale: must be a number between 0.3 and 2")
        if (spec or {}).get("bundled") and not isinstance(spec.get("faces"), dict):
            problems.append(f"families.{name}.faces: a bundled family needs its face files")
    return problems


@dataclass(frozen=True)
class FontFamily:
    name: str
    scale: float
    faces: dict[str, Path]  # weight-style -> file; empty for installed system fonts

    def pt(self, standard_pt: float) -> float:
        """Size to use for text the standard sets at ``standard_pt`` points."""
        return standard_pt * self.scale

    def font_face_css(self) -> str:
        """@font-face rules for a bundled family (none for a system family)."""
        rules = []
        for face, path in self.faces.items():
            weight = "bold" if "bold" in face else "normal"
            style = "italic" if "italic" in face else "normal"
            rules.append(
                f"@font-face {{ font-family: '{self.name}'; font-weight: {weight}; "
                f"font-style: {style}; src: url('{path.as_uri()}'); }}"
            )
        return "\n".join(rules)


@cache
def font_family(name: str | None = None) -> FontFamily:
    """The family ``name`` (default from data/fonts.yaml), checked to be usable here."""
    data = refdata.load("fonts")
    name = name or data["default"]
    spec = data["families"].get(name)
    if spec is None:
        raise DocengineError(
            f"unknown font family {name!r}; known: {', '.join(data['families'])}",
            f"ไม่รู้จักแบบอักษร {name!r}",
        )
    faces: dict[str, Path] = {}
    if spec.get("bundled"):
        package = import_module(spec["bundled"])
        root = Path(package.ROOT) / "files"
        faces = {face: root / file for face, file in spec["faces"].items()}
        missing = [str(p) for p in faces.values() if not p.is_file()]
        if missing:
            raise DocengineError(f"bundled font files missing: {missing}", "ไม่พบแฟ้มแบบอักษร")
    elif not _installed(name):
        raise DocengineError(
            f"font family {name!r} is not installed on this machine (fc-list finds none)",
            f"ไม่พบแบบอักษร {name!r} ในเครื่องนี้",
        )
    return FontFamily(name=name, scale=float(spec["scale"]), faces=faces)


def _installed(name: str) -> bool:
    try:
        out = subprocess.run(
            ["fc-list", f":family={name}", "family"], capture_output=True, text=True, check=False
        ).stdout
    except FileNotFoundError:
        return False
    return bool(out.strip())
