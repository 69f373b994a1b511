"""Elderly and disability allowance rules (domain brief §5), driven by ``data/allowance/``.

>>> from datetime import date
>>> elderly_cohort_fy(date(1967, 3, 15)), monthly_rate("elderly", date(1967, 3, 15), on=date(2027, 4, 1))
(2570, 600)
"""

from .birth import BirthDate, BirthDateError
from .cohort import (
    AgeBracket,
    NotEligibleError,
    RegistrationWindow,
    age_bracket,
    age_on,
    age_reference_date,
    bracket_age,
    cohort_birth_range,
    cohort_sentence,
    elderly_cohort_fy,
    elderly_first_payment,
    is_eligible_for_fy,
    monthly_rate,
    reference_age,
    registration_window,
)
from .rates import (
    KINDS,
    AllowanceError,
    Bracket,
    DisabilityType,
    PaymentMethod,
    Schedule,
    disability_type,
    disability_types,
    payment_method,
    payment_methods,
    schedule_on,
    schedules,
)

__all__ = [
    "KINDS",
    "AgeBracket",
    "AllowanceError",
    "BirthDate",
    "BirthDateError",
    "Bracket",
    "DisabilityType",
    "NotEligibleError",
    "PaymentMethod",
    "RegistrationWindow",
    "Schedule",
    "age_bracket",
    "age_on",
    "age_reference_date",
    "bracket_age",
    "cohort_birth_range",
    "cohort_sentence",
    "disability_type",
    "disability_types",
    "elderly_cohort_fy",
    "elderly_first_payment",
    "is_eligible_for_fy",
    "monthly_rate",
    "payment_method",
    "payment_methods",
    "reference_age",
    "registration_window",
    "schedule_on",
    "schedules",
]
