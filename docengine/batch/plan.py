"""What a batch produces: the LAOs of a people file, their tasks, output paths and fingerprints.

Nothing here renders. :func:`plan_batch` turns a validated people file (every row read by
``docengine.records.people.read_people``) into one :class:`Task` per document: for every
LAO its beneficiary list (PDF + XLSX), PR notice (PDF) and count report ผส.๑/พก.๑ (PDF +
XLSX); for every district and province the roll-up ผส.๒/พก.๒ (PDF + XLSX). A task is keyed
by (document, allowance, fiscal year, LAO) and carries the fingerprint of everything its
files depend on, so a re-run can tell a file that is still right from one to redo.

Who an LAO is (name, district, province, address, signers) is what the single-LAO
commands read from the office file (:func:`docengine.notices.listdoc.lao_identity`);
a batch passes each task an office of its own (:func:`lao_office`): the office file
itself for the office's own LAO, otherwise the office file with the LAO's identity put
in and the people it cannot know (names of the mayor, the registrar) left as lines to
sign on.

>>> folder_name("เทศบาลตำบล/สันทราย"), folder_name(""), folder_name("..")
('เทศบาลตำบล-สันทราย', 'ไม่ระบุ', 'ไม่ระบุ')
>>> executive_title("องค์การบริหารส่วนตำบลแม่สูน"), executive_title("เทศบาลเมืองฝาง")
('นายกองค์การบริหารส่วนตำบลแม่สูน', 'นายกเทศมนตรีเมืองฝาง')
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from docengine.models.person import Person
from docengine.office import Office

# The documents of a batch, in the order a clerk reads them; (formats, whose).
DOCUMENTS = {
    "beneficiary-list": (("pdf", "xlsx"), "lao"),
    "registration-pr": (("pdf",), "lao"),
    "count-report": (("pdf", "xlsx"), "lao"),
    "district-rollup": (("pdf", "xlsx"), "district"),
    "province-rollup": (("pdf", "xlsx"), "province"),
}
LAO_DOCUMENTS = tuple(d for d, (_, whose) in DOCUMENTS.items() if whose == "lao")
UNNAMED = "ไม่ระบุ"  # a folder for a district or province the data does not name
BLANK_NAME = "." * 44  # a name to be written in by hand, as on paper forms
# Keys of the office file that describe that one office, not another LAO of the batch.
OWN_KEYS = ("source", "agency_code", "short_name", "address", "phone", "fax", "email", "website",
            "signer", "owner_unit", "lao", "subdistrict", "postcode", "certifier", "preparer",
            "copy_certifier", "routing_list", "memo_reviewers", "roles")
_UNSAFE = re.compile(r"[/\\\x00-\x1f]")


@dataclass(frozen=True)
class Lao:
    """One LAO of the data: a stable code, its name, and where it is."""

    code: str
    name: str
    district: str
    province: str


@dataclass(frozen=True)
class Task:
    """One document of the batch (one to two files), rendered by one worker call."""

    key: str  # the Dask key: document-allowance-fy-scope
    document: str  # a key of DOCUMENTS
    kind: str  # the allowance
    fy: int
    on: str  # the date printed on it (ISO)
    scope: str  # the LAO's, district's or province's code
    lao: Lao  # the LAO, or the district's / province's identity (name "")
    laos: tuple[str, ...]  # codes of the LAOs whose people it counts or lists
    outputs: tuple[str, ...]  # paths relative to the out folder, one per format
    fingerprint: str = ""
    rows: int = 0  # people listed or counted

    def spec(self) -> dict:
        """What a worker needs, as plain data."""
        return {"key": self.key, "document": self.document, "kind": self.kind, "fy": self.fy, "on": self.on,
                "lao": {"code": self.lao.code, "name": self.lao.name, "district": self.lao.district,
                        "province": self.lao.province},
                "outputs": list(self.outputs)}


@dataclass
class LaoRows:
    """One LAO's rows in a people file, or in one part of it: what planning needs (how
    many, where their addresses are, a digest of what they say) and where its people
    are (partition files, when the batch's workers wrote them)."""

    name: str
    rows: int = 0
    districts: Counter = field(default_factory=Counter)
    provinces: Counter = field(default_factory=Counter)
    hashes: bytearray = field(default_factory=bytearray)  # person_hash of each row, in file order
    sources: list[tuple[str, str]] = field(default_factory=list)  # (partition path, sha256), in file order

    def add(self, other: LaoRows) -> None:
        """Append the rows of a later part of the file."""
        self.rows += other.rows
        self.districts.update(other.districts)
        self.provinces.update(other.provinces)
        self.hashes += other.hashes
        self.sources += other.sources

    @property
    def digest(self) -> str:
        return hashlib.sha256(bytes(self.hashes)).hexdigest()


def person_hash(person: Person) -> bytes:
    """16 bytes that change when anything a document may print or count of ``person``
    changes (the row number aside)."""
    return hashlib.sha256(repr(replace(person, row=None)).encode()).digest()[:16]


def lao_rows(people: list[Person], own_lao: str) -> dict[str, LaoRows]:
    """``people`` by LAO (the ``lao`` column; ``own_lao`` for a row without one), in file order."""
    groups: dict[str, LaoRows] = {}
    for p in people:
        name = p.lao or own_lao
        g = groups.get(name) or groups.setdefault(name, LaoRows(name))
        g.rows += 1
        if p.address.district:
            g.districts[p.address.district] += 1
        if p.address.province:
            g.provinces[p.address.province] += 1
        g.hashes += person_hash(p)
    return groups


@dataclass
class Plan:
    kind: str
    fy: int
    on: date
    laos: list[Lao]
    groups: dict[str, LaoRows]  # LAO code -> its rows
    people: dict[str, list[Person]] = field(default_factory=dict)  # LAO code -> its people, when held here
    tasks: list[Task] = field(default_factory=list)

    def task(self, key: str) -> Task:
        return next(t for t in self.tasks if t.key == key)


def code_of(*parts: str) -> str:
    """A short stable code for an LAO, district or province (the data carries names only).

    >>> code_of("lao", "เทศบาลตำบลสันทราย")
    'lao-a507e4e3c3'
    """
    prefix, *names = parts
    return f"{prefix}-" + hashlib.sha256("|".join(names).encode()).hexdigest()[:10]


def folder_name(name: str) -> str:
    """A name as one folder: no slashes or control characters, never empty, "." or ".."."""
    text = _UNSAFE.sub("-", name or "").strip()
    return UNNAMED if text in ("", ".", "..") else text


def executive_title(lao: str) -> str:
    """The title of an LAO's executive, from the kind of LAO its name starts with."""
    for kind, title in (("เทศบาลตำบล", "นายกเทศมนตรีตำบล"), ("เทศบาลเมือง", "นายกเทศมนตรีเมือง"),
                        ("เทศบาลนคร", "นายกเทศมนตรีนคร"),
                        ("องค์การบริหารส่วนตำบล", "นายกองค์การบริหารส่วนตำบล"),
                        ("องค์การบริหารส่วนจังหวัด", "นายกองค์การบริหารส่วนจังหวัด")):
        if lao.startswith(kind):
            return title + lao[len(kind):]
    return f"ผู้บริหาร{lao}"


def group_laos(groups: dict[str, LaoRows], office: Office) -> tuple[list[Lao], dict[str, LaoRows]]:
    """The LAOs of a file (its rows by LAO name, :func:`lao_rows`) in order of province,
    district and name, each with a stable code.

    A LAO's district is the one most of its people's addresses name (the first of them
    in the file on a tie), as in the roll-up (docengine.notices.counts.roll_up), and its
    province likewise; the office's own LAO is where the office file says.
    """
    from docengine.notices.listdoc import lao_identity

    own = lao_identity(office)
    laos, by_code = [], {}
    for name, g in groups.items():
        if name == own["lao"]:
            district, province = own["district"], own["province"]
        else:
            district = g.districts.most_common(1)[0][0] if g.districts else ""
            province = g.provinces.most_common(1)[0][0] if g.provinces else ""
        lao = Lao(code_of("lao", name), name, district, province)
        laos.append(lao)
        by_code[lao.code] = g
    laos.sort(key=lambda x: (x.province, x.district, x.name))
    return laos, by_code


def lao_office(base: Office, lao: Lao) -> Office:
    """The office a single-LAO command would be given for ``lao``: the office file itself for
    its own LAO; otherwise that file with the LAO's name, district, province and address,
    its executive's title, and blank name lines for the people the file names for its own
    LAO only (executive, registrar), so no document of another LAO carries them."""
    from docengine.notices.listdoc import lao_identity

    if lao.name == lao_identity(base)["lao"]:
        return base
    data = {k: v for k, v in base.data.items() if k not in OWN_KEYS}
    executive = {"name": BLANK_NAME, "position": [executive_title(lao.name)]}
    data.update(
        name=lao.name, kind="lao", district=lao.district, province=lao.province,
        lao={"name": lao.name, "executive_title": executive_title(lao.name)},
        address=[f"สำนักงาน{lao.name}", f"อำเภอ{lao.district} จังหวัด{lao.province}"],
        officials={"executive": executive, **_rollup_officials(base, lao)},
        signer=executive, certifier=executive, preparer={"name": BLANK_NAME, "position": []},
    )
    return Office(name=lao.name, data=data, path=base.path, base_dir=base.base_dir)


def _rollup_officials(base: Office, where: Lao) -> dict:
    """ท้องถิ่นอำเภอ / ท้องถิ่นจังหวัด who certify a roll-up of ``where``: the office file's when
    it is that district or province, else a blank name over the position."""
    own = {"district": base.data.get("district"), "province": base.data.get("province")}
    out = {}
    district = base.official("district_official")
    out["district_official"] = (district if district and where.district == own["district"]
                                and where.province == own["province"]
                                else {"name": BLANK_NAME, "position": [f"ท้องถิ่นอำเภอ{where.district}"]})
    province = base.official("province_official")
    out["province_official"] = (province if province and where.province == own["province"]
                                else {"name": BLANK_NAME, "position": [f"ท้องถิ่นจังหวัด{where.province}"]})
    return out


def rollup_office(base: Office, where: Lao) -> Office:
    """The office a roll-up of ``where`` (a district, or a province with district "") is made
    for: the office file with that district and province and their certifying officials."""
    data = dict(base.data)
    data.update(district=where.district or base.data.get("district", ""), province=where.province,
                officials={**(base.data.get("officials") or {}), **_rollup_officials(base, where)})
    return Office(name=base.name, data=data, path=base.path, base_dir=base.base_dir)


def _digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(part, ensure_ascii=False, sort_keys=True, default=str).encode())
        h.update(b"\0")
    return h.hexdigest()


def resources_digest(office: Office) -> str:
    """A digest of the shipped templates and reference data (rates, wording, calendars) and
    of the office's own template folder: a change to any of them makes every document
    of the next run be made again."""
    from pathlib import Path

    from docengine.resources import resource_root

    h = hashlib.sha256()
    roots = [resource_root("templates"), resource_root("data")]
    if office.get("template_dir"):
        roots.append(office.template_dir)
    for root in roots:
        for path in sorted(Path(root).rglob("*")):
            if path.is_file():
                h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def output_paths(document: str, kind: str, fy: int, lao: Lao) -> tuple[str, ...]:
    """Where a document's files go under the out folder: province / district / LAO."""
    formats, whose = DOCUMENTS[document]
    province, district = folder_name(lao.province), folder_name(lao.district)
    if whose == "lao":
        folder, stem = f"{province}/{district}/{folder_name(lao.name)}", f"{document}-{kind}-{fy}"
    elif whose == "district":
        folder, stem = f"{province}/{district}", f"count-report-district-{kind}-{fy}"
    else:
        folder, stem = province, f"count-report-province-{kind}-{fy}"
    return tuple(f"{folder}/{stem}.{fmt}" for fmt in formats)


def plan_batch(people: list[Person], *, office: Office, kind: str, fy: int, on: date) -> Plan:
    """Every task of the batch for ``people`` (validated, held here), with fingerprints."""
    from docengine.notices.listdoc import lao_identity

    plan = plan_groups(lao_rows(people, lao_identity(office)["lao"]), office=office, kind=kind, fy=fy, on=on)
    names = {g.name: code for code, g in plan.groups.items()}
    own = lao_identity(office)["lao"]
    for p in people:
        plan.people.setdefault(names[p.lao or own], []).append(p)
    return plan


def plan_groups(groups: dict[str, LaoRows], *, office: Office, kind: str, fy: int, on: date) -> Plan:
    """Every task of the batch for a file's rows by LAO (:func:`lao_rows`, or the batch
    workers' summaries of its parts, docengine.batch.validate), with fingerprints."""
    from docengine import __version__

    laos, by_code = group_laos(groups, office)
    plan = Plan(kind, fy, on, laos, by_code)
    office_digest = _digest(office.data, resources_digest(office))
    digests = {code: g.digest for code, g in by_code.items()}

    def add(document: str, scope: str, where: Lao, codes: list[str]) -> None:
        key = f"{document}-{kind}-{fy}-{scope}"
        rows = sum(by_code[c].rows for c in codes) if document != "registration-pr" else 0
        fingerprint = _digest(__version__, document, kind, fy, on.isoformat(), office_digest, where.__dict__,
                              [digests[c] for c in codes] if document != "registration-pr" else [])
        plan.tasks.append(Task(key, document, kind, fy, on.isoformat(), scope, where, tuple(codes),
                               output_paths(document, kind, fy, where), fingerprint, rows))

    for lao in laos:
        for document in LAO_DOCUMENTS:
            add(document, lao.code, lao, [lao.code])
    districts: dict[tuple[str, str], list[str]] = {}
    provinces: dict[str, list[str]] = {}
    for lao in laos:
        districts.setdefault((lao.province, lao.district), []).append(lao.code)
        provinces.setdefault(lao.province, []).append(lao.code)
    for (province, district), codes in districts.items():
        add("district-rollup", code_of("district", province, district), Lao("", "", district, province), codes)
    for province, codes in provinces.items():
        # A province of one district is certified as that district (notices.documents.rollup_level).
        one = {d for p, d in districts if p == province}
        where = Lao("", "", one.pop() if len(one) == 1 else "", province)
        add("province-rollup", code_of("province", province), where, codes)
    return plan
