"""A beneficiary or applicant of the elderly or disability allowance, as read from a people file.

Instances come out of :func:`docengine.records.people.read_people`, which has
already checked every field; the dataclass itself only carries the values.

>>> from docengine.allowance import BirthDate
>>> p = Person(citizen_id="3100600445635", title="นาง", first_name="บัวคำ",
...            last_name="ใจดี", birth=BirthDate(2509, 9, 2), status="รายใหม่")
>>> p.full_name, p.is_new, p.formatted_id
('นางบัวคำ ใจดี', True, '3-1006-00445-63-5')
>>> p.age_on(date(2026, 10, 1))
60
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from docengine.allowance.birth import BirthDate

NEW = "รายใหม่"
EXISTING = "รายเดิม"


@dataclass(frozen=True)
class Address:
    """An address as the house registration gives it (forms print each part in its own blank)."""

    house_no: str | None = None
    moo: str | None = None
    soi: str | None = None
    road: str | None = None
    community: str | None = None
    subdistrict: str | None = None
    district: str | None = None
    province: str | None = None
    postcode: str | None = None

    def one_line(self) -> str:
        """The address in the usual written order.

        >>> Address("12", "5", subdistrict="สันทราย", district="ฝาง", province="เชียงใหม่").one_line()
        'บ้านเลขที่ 12 หมู่ที่ 5 ตำบลสันทราย อำเภอฝาง จังหวัดเชียงใหม่'
        """
        parts = [
            ("บ้านเลขที่ ", self.house_no),
            ("หมู่ที่ ", self.moo),
            ("ชุมชน", self.community),
            ("ซอย", self.soi),
            ("ถนน", self.road),
            ("ตำบล", self.subdistrict),
            ("อำเภอ", self.district),
            ("จังหวัด", self.province),
            ("", self.postcode),
        ]
        return " ".join(f"{label}{value}" for label, value in parts if value)


@dataclass(frozen=True)
class Proxy:
    """The authorised person (ผู้รับมอบอำนาจ) or, on the disability form, the caregiver (ผู้ดูแลคนพิการ)."""

    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    citizen_id: str | None = None
    relation: str | None = None
    address: str | None = None
    phone: str | None = None
    id_issued_at: str | None = None  # ID card ออกให้ ณ
    id_issued_on: date | None = None  # ID card ออกให้เมื่อวันที่

    @property
    def full_name(self) -> str:
        return f"{self.title or ''}{self.first_name or ''} {self.last_name or ''}".strip()


@dataclass(frozen=True)
class Person:
    """One row of a people file: identity, birth, address, payment and proxy details."""

    citizen_id: str  # 13 digits, no separators
    title: str
    first_name: str
    last_name: str
    birth: BirthDate
    status: str | None = None  # "รายเดิม" | "รายใหม่"
    sex: str | None = None  # "ชาย" | "หญิง" when the file records it
    address: Address = field(default_factory=Address)
    phone: str | None = None
    nationality: str | None = None
    marital_status: str | None = None
    occupation: str | None = None
    monthly_income: float | None = None
    payment_method: int | None = None  # 1-4, domain brief §5.5
    bank: str | None = None
    bank_branch: str | None = None
    account_no: str | None = None
    account_name: str | None = None
    disability_types: tuple[int, ...] = ()  # numbers 1-7, domain brief §5.9
    reference_name: str | None = None
    reference_phone: str | None = None
    id_issued_at: str | None = None  # ID card ออกให้ ณ (proxy letter)
    id_issued_on: date | None = None  # ID card ออกให้เมื่อวันที่
    welfare_status: str | None = None  # the form's welfare-status option, as worded there
    moved_on: date | None = None  # moved in (ย้ายภูมิลำเนาเข้ามาอยู่ใหม่ เมื่อ)
    consent: str | None = None  # "ยินยอม" when the applicant has signed the declarations
    proxy: Proxy | None = None
    lao: str | None = None
    row: int | None = None  # data row in the source file, counting from 1

    @property
    def full_name(self) -> str:
        """Title and given name written together, as Thai lists print them."""
        return f"{self.title}{self.first_name} {self.last_name}"

    @property
    def is_new(self) -> bool:
        return self.status == NEW

    @property
    def formatted_id(self) -> str:
        """The ID grouped 1-4-5-2-1 (domain brief §7)."""
        from docengine.thai import citizen_id

        return citizen_id.format(self.citizen_id)

    def age_on(self, on: date) -> int:
        """Completed years of age on ``on``, counted in BE."""
        return self.birth.age_on(on)
