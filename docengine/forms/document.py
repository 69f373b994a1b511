"""One kind of form (elderly, disability, proxy letter) for one office and fiscal year.

:class:`FormJob` renders the blank once per variant and fills it from people-file rows,
all through the shared :class:`~docengine.render.document.Renderer`: the set's schema
validates the options, one context feeds HTML and DOCX, and per-person values come from
:mod:`docengine.forms.values` (or :mod:`docengine.forms.proxy` for the proxy letter).

>>> # job = FormJob(Renderer(Office.sample()), "elderly-registration", fy=2570)
>>> # job.blank_pdf()  -> bytes of a two-page blank form
"""

from __future__ import annotations

from datetime import date
from functools import cached_property

from ..allowance import disability_types, payment_methods, registration_window
from ..allowance.start import filing_fy
from ..errors import DocengineError
from ..models.person import Person
from ..records.columns import columns
from ..thai import format_date, thai_digits
from .layout import BlankForm
from .values import applicant_values, registration_number_values
from .wording import wording

FORM_SETS = {
    "elderly-registration": "elderly",
    "disability-registration": "disability",
    "proxy": "proxy",
}
VERSIONS = ("2566", "old")


class FormJob:
    """Blank and pre-filled copies of one form set."""

    def __init__(self, renderer, set_name: str, *, fy: int, version: str = "2566",
                 filed_on: date | None = None, allowance: str = "elderly"):
        if set_name not in FORM_SETS:
            raise DocengineError(
                f"unknown form {set_name!r}; choose one of {', '.join(FORM_SETS)}",
                f"ไม่รู้จักแบบฟอร์ม {set_name!r} เลือกได้จาก {', '.join(FORM_SETS)}",
            )
        self.renderer = renderer
        self.set_name = set_name
        self.kind = FORM_SETS[set_name] if set_name != "proxy" else allowance
        self.fy, self.version, self.filed_on = fy, version, filed_on
        if filed_on is not None and set_name != "proxy":
            filing_fy(self.kind, filed_on, fy)  # a date outside the stated FY is refused, not printed
        self._blanks: dict[str, BlankForm] = {}
        self.options = {"fy": fy, "filed_on": filed_on.isoformat() if filed_on else None}
        if set_name == "elderly-registration":
            self.options["version"] = version
        if set_name == "proxy":
            self.options["allowance"] = allowance
        self.options = {k: v for k, v in self.options.items() if v is not None}

    # -- static page text -------------------------------------------------------------
    @cached_property
    def words(self) -> dict:
        if self.set_name == "elderly-registration":
            return wording(f"elderly-{self.version}")
        return wording("disability") if self.set_name == "disability-registration" else {}

    def page_extra(self, variant: str = "") -> dict:
        """Everything the page prints that is not about one person (cached per variant)."""
        cache = self.__dict__.setdefault("_extra", {})
        if variant not in cache:
            cache[variant] = self._page_extra(variant)
        return dict(cache[variant])

    def _page_extra(self, variant: str) -> dict:
        office = self.renderer.office.data
        lao = office.get("lao") or {}
        signer = office.get("signer") or {}
        fy_text = thai_digits(str(self.fy))
        extra = {
            "fy_text": fy_text,
            "executive_title": lao.get("executive_title") or "ผู้บริหารท้องถิ่น",
            "executive_name": signer.get("name") or "",
            "lao_name": lao.get("name") or office.get("name", ""),
            "bank_variant": variant == "bank",
            "v": {},
        }
        if self.set_name == "proxy":
            from ..allowance.rates import allowance_name

            extra["allowance_text"] = allowance_name(self.kind)
            return extra
        words = self.words
        title = words["title"] + (f" ประจำปีงบประมาณ พ.ศ. {fy_text}" if words.get("title_fy") else "")
        marital = next(c for c in columns() if c.key == "marital_status").choices
        extra.update({
            "form_title": title,
            "marital": list(marital),
            "methods": [{"number": m.number, "label": m.label(self.kind)} for m in payment_methods()],
            "dtypes": [{"number": t.number, "label": t.th} for t in disability_types()],
            "window_text": self._window_text(),
            **{k: words.get(k, []) for k in ("welfare", "attachments", "declarations", "officer_options",
                                               "committee_options", "order_options", "titles", "relations")},
        })
        return extra

    def _window_text(self) -> str:
        window = registration_window(self.fy + 1, "elderly")
        spans = " และ ".join(f"{format_date(a)} ถึง {format_date(b)}" for a, b in window.periods)
        return (f"ภายในช่วงลงทะเบียน {spans} เพื่อรับเงินในปีงบประมาณ พ.ศ. "
                f"{thai_digits(str(self.fy + 1))}")

    # -- rendering ------------------------------------------------------------------
    def prepare(self, variant: str = "", values: dict | None = None):
        extra = self.page_extra(variant)
        extra["v"] = values or {}
        return self.renderer.prepare(self.set_name, dict(self.options), extra=extra)

    def blank(self, variant: str = "") -> BlankForm:
        """The blank form of ``variant`` (rendered on first use, then reused)."""
        if variant not in self._blanks:
            self._blanks[variant] = BlankForm.render(self.renderer, self.prepare(variant))
        return self._blanks[variant]

    def office_values(self) -> dict[str, str]:
        """The office's own people on a filled form: the registrar who receives it, the three
        committee members (all from the office file, never typed per form)."""
        office = self.renderer.office
        registrar = office.official("registrar")
        v = {}
        if registrar:
            position = " ".join(registrar.get("position") or [])
            v.update({"officer_name": registrar["name"], "officer_position": position,
                      "officer_name2": registrar["name"], "receiver_name": registrar["name"]})
        for i, member in enumerate(office.committee(), 1):
            v[f"member_{i}"] = member.get("name", "")
        return v

    @property
    def numbered(self) -> bool:
        """Whether the form carries a ทะเบียนเลขที่ (registration forms do, proxy letters do not)."""
        return self.set_name != "proxy"

    def values(self, person: Person, reg_no: int | None = None) -> tuple[str, dict[str, str]]:
        """(variant, blank name → display string) for one person; ``reg_no`` is its ทะเบียนเลขที่."""
        variant, v = self._person_values(person)
        if self.numbered:
            v.update(registration_number_values(reg_no))
        return variant, v

    def _person_values(self, person: Person) -> tuple[str, dict[str, str]]:
        if self.set_name == "proxy":
            from .proxy import proxy_values

            return proxy_values(person, fy=self.fy, filed_on=self.filed_on,
                                place=self.page_extra()["lao_name"])
        words = self.words
        v = applicant_values(person, kind=self.kind, fy=self.fy, filed_on=self.filed_on,
                             marital=self.page_extra()["marital"], titles=words.get("titles", []),
                             relations=words.get("relations", []), welfare=words.get("welfare", []),
                             declarations=len(words.get("declarations", [])))
        v["place"] = self.page_extra()["lao_name"]
        return "", {**self.office_values(), **v}

    def rows_to_fill(self, people: list[Person], *, blank_for_missing: bool = False) -> list[Person]:
        """The rows that get a copy: every row for a registration form; for the proxy letter
        only rows naming an authorised person, unless ``blank_for_missing`` asks for the
        others too (their attorney part printed blank on purpose)."""
        if self.set_name != "proxy" or blank_for_missing:
            return list(people)
        from .proxy import names_proxy

        return [p for p in people if names_proxy(p)]

    def blank_pdf(self, variant: str = "") -> bytes:
        return self.blank(variant).pdf

    def check_fit(self, people: list[Person]) -> None:
        """Refuse, all rows at once, values too long for their blank even at 85 % size (they
        would print over the form's own words). Registered forms are checked so before a
        number is taken; :meth:`filled_pdf` checks while it stamps. The blanks are sized
        for real data (the longest bank name, a mobile number), so this is rare."""
        from .overlay import Overlay, too_long

        overlay = Overlay.for_family(self.renderer.office.font)
        found = []
        for person in people:
            variant, v = self.values(person, 1 if self.numbered else None)
            found += [(person, *o) for o in too_long(overlay, self.blank(variant), v, self.renderer.line_breaker)]
        self._refuse_too_long(found)

    def _refuse_too_long(self, found: list[tuple]) -> None:
        from docengine.errors import Problem, ValidationError

        from .overlay import MIN_SCALE

        if found:
            least = round(MIN_SCALE * 100)
            raise ValidationError([Problem(
                field=slot.name, value=text, row=getattr(person, "row", None),
                en=f"too long for its blank on the form ({need:.1f} cm at {least} % size, the blank holds "
                   f"{room:.1f} cm): shorten or abbreviate it",
                th=f"ยาวเกินช่องในแบบฟอร์ม ({need:.1f} ซม. เมื่อย่อเหลือ {least} % ช่องยาว {room:.1f} ซม.) "
                   "กรุณาย่อข้อความ") for person, slot, text, need, room in found],
                context=f"{self.set_name} values")

    def filled_pdf(self, people: list[Person], *, progress=None, numbers: list[int] | None = None) -> bytes:
        """One printable PDF: a filled copy per person, in order; ``numbers[i]`` is row i's ทะเบียนเลขที่."""
        from .overlay import Overlay, assemble, overlay_values

        overlay = Overlay.for_family(self.renderer.office.font)
        breaker = self.renderer.line_breaker
        numbers = list(numbers) if numbers is not None else [None] * len(people)
        found: list[tuple] = []

        def copies():
            for person, number in zip(people, numbers):
                variant, v = self.values(person, number)
                blank = self.blank(variant)  # rendered once per variant
                too_long: list = []
                yield blank, overlay_values(overlay, blank, v, breaker, too_long)
                found.extend((person, *o) for o in too_long)

        title = self.page_extra().get("form_title") or "หนังสือมอบอำนาจ"
        pdf = assemble(copies(), overlay, title=title, progress=progress)
        self._refuse_too_long(found)  # before anything is written
        return pdf

    def docx(self, person: Person | None = None, reg_no: int | None = None) -> bytes:
        """The editable Word version, blank or filled for ``person`` (with its ทะเบียนเลขที่)."""
        from docengine.render.docxhtml import form_docx

        variant, v = self.values(person, reg_no) if person is not None else ("", {})
        # made from the very HTML of the PDF, so the DOCX is the same document (render/docxhtml.py)
        return form_docx(self.renderer.html(self.prepare(variant, v)))
