"""Demo step: every saraban template set rendered from its sample data."""

from __future__ import annotations

from pathlib import Path

from .document import Renderer, load_sample
from .templateset import find_set, set_folders

# Further samples beyond each set's own: a three-page letter that exercises pagination
# (carry-over words, the signature kept with the body).
EXTRA_SAMPLES = [("letters/external", "external-long")]


def letters(out: Path, office) -> list[Path]:
    renderer = Renderer(office, pdfa="2u")  # every demo letter is archival PDF/A-2u
    folder = out / "letters"
    written: list[Path] = []
    for key in set_folders(office.template_dir):
        if not key.startswith("letters/") or "/_" in key:
            continue
        tset = find_set(key, office.template_dir)
        pdf, docx = folder / f"{tset.name}.pdf", folder / f"{tset.name}.docx"
        result = renderer.render(tset, load_sample(tset.key), pdf=pdf,
                                 docx=docx if tset.docx_template else None)
        written += list(result.files)
    for key, sample in EXTRA_SAMPLES:
        tset = find_set(key, office.template_dir)
        result = renderer.render(tset, load_sample(sample), pdf=folder / f"{sample}.pdf")
        written += list(result.files)
    return written
