"""Allowance notices: beneficiary-list announcements, PR notices, count reports, citizen's manual.

The public API speaks the domain's words; every count, total, window and cohort is
computed here from the people file and the allowance rules, never typed in.

>>> from docengine.notices import build_beneficiary_list, count_lao, window_text
>>> window_text(2570, "disability")
'เดือนตุลาคม – ธันวาคม ๒๕๖๙ และเดือนมกราคม – กันยายน ๒๕๗๐'
"""

from .beneficiaries import BeneficiaryList, ListRow, ListSection, build_beneficiary_list
from .counts import BracketCount, LaoCount, count_lao, roll_up
from .documents import citizen_manual_prepared, count_report_prepared, registration_pr_prepared, window_text
from .listdoc import ListDocument, beneficiary_list_document, render_list_pdf
from .workbook import count_report_workbook, list_workbook

__all__ = [
    "BeneficiaryList", "BracketCount", "LaoCount", "ListDocument", "ListRow", "ListSection",
    "beneficiary_list_document", "build_beneficiary_list", "citizen_manual_prepared", "count_lao",
    "count_report_prepared", "count_report_workbook", "list_workbook", "registration_pr_prepared",
    "render_list_pdf", "roll_up", "window_text",
]
