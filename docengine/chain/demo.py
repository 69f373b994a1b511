"""Demo step: the letter chain of seed S1 end to end, into ``out/demo/chain/``.

DLA circular → Chiang Mai province's circular → Fang district's letter → receipt at
เทศบาลตำบลสันทราย with stamp, routing ticks and four endorsements; then ``chain.txt``
(the ``chain show`` output), the printed registers and the district letter as e-GIF
XML. Steps and names are in data/samples/chain/s1.yaml. A fresh SQLite register
(``out/demo/chain/register.sqlite3``) is created on every run, so the demo repeats.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

from docengine.io import write_atomic
from docengine.records.datafile import read_datafile
from docengine.resources import data_path
from docengine.thai import be_year


def chain(out: Path, office) -> list[Path]:
    from docengine.register import init_register
    from docengine.register.tree import chain_lines
    from docengine.render.document import Renderer

    from .book import write_register_pdf
    from .egif import export_letter
    from .endorse import endorse_receipt
    from .forward import forward_letter
    from .issue import issue_letter
    from .receive import receive_pdf

    folder = out / "chain"
    if folder.exists():
        shutil.rmtree(folder)  # our own folder only: the demo must be repeatable
    folder.mkdir(parents=True)
    plan = read_datafile(data_path("samples", "chain", "s1.yaml")).data
    reg = init_register(f"sqlite:///{folder / 'register.sqlite3'}")  # as `docengine register init` does
    renderer = Renderer(office, pdfa="2u")  # archival: letters, stamped copies, registers
    written: list[Path] = []

    def receive(step, pdf, name):
        r, stamped = receive_pdf(reg, pdf, step["agency"], out=folder / name, routing=step.get("routing", ()),
                                 received_at=datetime.fromisoformat(str(step["received_at"])), renderer=renderer)
        for e in step.get("endorsements", ()):
            endorse_receipt(reg, r.id, by=e["by"], position=e["position"], text=e["text"],
                            when=date.fromisoformat(str(e["date"])), renderer=renderer)
        return r, stamped

    dla = issue_letter(reg, read_datafile(data_path("samples", plan["department"]["letter"])), renderer=renderer,
                       pdf=folder / "1-dla-circular.pdf", docx=folder / "1-dla-circular.docx")
    prov = plan["province"]
    r_prov, s = receive(prov, folder / "1-dla-circular.pdf", "2-province-received.pdf")
    written += [folder / "1-dla-circular.pdf", folder / "1-dla-circular.docx", s]
    prov_date = date.fromisoformat(str(prov["date"]))
    reg.start_from(prov["agency"], "circular", be_year(prov_date), int(prov["start_from"]))
    p_letter = forward_letter(reg, dla.id, by=prov["agency"], to=prov["to"], when=prov_date,
                              paragraphs=prov.get("paragraphs", ()), renderer=renderer,
                              pdf=folder / "3-province-circular.pdf")
    dist = plan["district"]
    r_dist, s = receive(dist, folder / "3-province-circular.pdf", "4-district-received.pdf")
    written += [folder / "3-province-circular.pdf", s]
    dist_date = date.fromisoformat(str(dist["date"]))
    reg.start_from(dist["agency"], "circular", be_year(dist_date), int(dist["start_from"]))
    d_letter = forward_letter(reg, p_letter.id, by=dist["agency"], to=dist["to"], when=dist_date,
                              gist=dist.get("gist"), renderer=renderer, pdf=folder / "5-district-letter.pdf")
    lao = plan["lao"]
    received_at = datetime.fromisoformat(str(lao["received_at"]))
    reg.start_from(lao["agency"], "receive", be_year(received_at), int(lao["start_from"]))
    r_lao, s = receive(lao, folder / "5-district-letter.pdf", "6-santhai-received.pdf")
    written += [folder / "5-district-letter.pdf", s]

    names = {a.code: a for a in reg.agencies()}

    text = "\n".join(chain_lines(reg.chain(d_letter.id), names)) + "\n"
    written.append(write_atomic(folder / "chain.txt", text.encode("utf-8")))
    written.append(write_atomic(folder / "5-district-letter.egif.xml", export_letter(reg, d_letter.id)))
    start, end = date(2023, 12, 1), date(2024, 1, 31)
    for code, book, name in ((lao["agency"], "receive", "register-receive-santhai"),
                             (dist["agency"], "send", "register-send-fang"),
                             (prov["agency"], "send", "register-send-chiangmai")):
        rows = reg.list(book, agency=code, date_from=start, date_to=end)
        written.append(write_register_pdf(folder / f"{name}.pdf", book, rows, start, end, names[code], names,
                                          renderer=renderer))
        if book == "receive":
            from docengine.register.sheets import write_register_xlsx

            written.append(write_register_xlsx(folder / f"{name}.xlsx", book, rows, start, end, names[code], names))
    reg.close()
    return written
