"""A letter chain as Thai text: numbers, dates and times in Thai digits, one line per step.

Used by ``docengine chain show``::

    for line in chain_lines(reg.chain(3), {a.code: a for a in reg.agencies()}):
        print(line)

    ที่ มท ๐๘๑๐.๖/ว ๑ ลงวันที่ ๑๓ ธ.ค. ๒๕๖๖ จาก กรมส่งเสริมการปกครองท้องถิ่น
    │ เรื่อง ประชาสัมพันธ์…
    ├─ รับ สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่ เลขรับ ๐๐๑/๒๕๖๖ วันที่ ๒๐ ธ.ค. ๒๕๖๖ เวลา ๐๙.๐๐ น.
    └─ ที่ ชม ๐๐๒๓.๓/ว ๖๓ …
"""

from __future__ import annotations

from docengine.thai import format_date, format_time, status_word, thai_digits

from .entries import ChainNode, LetterRecord, ReceiptRecord



def _letter_line(letter: LetterRecord, agencies: dict) -> list[str]:
    sender = agencies.get(letter.agency_code)
    who = (sender.issuer or sender.name) if sender else thai_digits(letter.agency_code)
    status = "" if letter.status == "issued" else status_word(letter.status)  # a tree marks only the unusual
    head = (f"ที่ {thai_digits(letter.book_number)} ลงวันที่ {format_date(letter.date, 'abbr')} จาก {who}"
            + (f" [{status}]" if status else ""))
    lines = [head]
    if letter.subject:
        lines.append(f"เรื่อง {letter.subject}")
    if letter.recipients:
        lines.append(f"เรียน {letter.recipients}")
    return lines


def _receipt_lines(r: ReceiptRecord, agencies: dict) -> list[str]:
    from docengine.render.context import document_text  # URLs and e-mail addresses keep ASCII digits

    receiver = agencies.get(r.agency_code)
    who = receiver.name if receiver else thai_digits(r.agency_code)
    lines = [f"รับ {who} เลขรับ {thai_digits(r.receipt_no)} วันที่ {format_date(r.received_at, 'abbr')} "
             f"เวลา {format_time(r.received_at)}"]
    for e in r.endorsements:
        when = e.endorsed_at or e.endorsed_on
        text = " ".join(str(e.text).split())  # one line: a multi-line เกษียน must not break the tree
        lines.append(f"  เกษียน {thai_digits(e.seq)}. {e.actor} ({e.position}) {format_date(when, 'abbr')}: "
                     f"{document_text(text)}")
    return lines


def chain_lines(node: ChainNode, agencies: dict, prefix: str = "") -> list[str]:
    """Lines of the tree under ``node``; ``agencies`` maps code → AgencyInfo for names."""
    head, *rest = _letter_line(node.letter, agencies)
    out = [prefix + head]
    items = [("r", r) for r in node.receipts] + [("l", c) for c in node.children]
    body = prefix + ("│ " if items else "  ")
    out += [body + line for line in rest]
    for i, (kind, item) in enumerate(items):
        last = i == len(items) - 1
        branch, cont = ("└─ ", "   ") if last else ("├─ ", "│  ")
        if kind == "r":
            first, *more = _receipt_lines(item, agencies)
            out.append(prefix + branch + first)
            out += [prefix + cont + line for line in more]
        else:
            sub = chain_lines(item, agencies, prefix + cont)
            out.append(prefix + branch + sub[0][len(prefix + cont):])
            out += sub[1:]
    return out
