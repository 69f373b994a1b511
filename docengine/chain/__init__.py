"""The letter chain on paper: issue, forward, receive (stamp), endorse, exchange, print.

The register (docengine.register) keeps the books; this package makes the
documents that go with them and keeps the two in step::

    from docengine.chain import issue_letter, forward_letter, receive_pdf, endorse_receipt
    dla = issue_letter(reg, read_datafile("data/samples/documents/external.yaml"), pdf="dla.pdf")
    r, stamped = receive_pdf(reg, "dla.pdf", "ชม 0023.3", routing=[])          # เลขรับ + stamp
    prov = forward_letter(reg, dla.id, by="ชม 0023.3", to="นายอำเภอทุกอำเภอ …")  # ว series

Modules: ``issue`` (number → render → register), ``forward`` (the next tier's
letter, wording from data/forwarding.yaml), ``metadata`` (routing metadata in
PDF/DOCX), ``placement`` (free space on a page), ``stamp`` (receipt stamp,
routing ticks, เกษียน), ``receive``, ``endorse``, ``egif`` (TH e-GIF XML),
``book`` (printed registers), ``sets`` (the register template sets), ``demo``.
"""

from .endorse import endorse_receipt
from .forward import forward_draft, forward_letter
from .issue import issue_letter
from .receive import receive_pdf, restamp

__all__ = ["endorse_receipt", "forward_draft", "forward_letter", "issue_letter", "receive_pdf", "restamp"]
