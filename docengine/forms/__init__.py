"""Allowance registration forms and proxy letters: blank, or pre-filled from a people file.

>>> from docengine.office import Office
>>> from docengine.render.document import Renderer
>>> job = FormJob(Renderer(Office.sample()), "elderly-registration", fy=2570)
>>> job.blank().pages
2
"""

from .document import FORM_SETS, VERSIONS, FormJob
from .layout import BlankForm, Slot
from .values import applicant_values

__all__ = ["FORM_SETS", "VERSIONS", "BlankForm", "FormJob", "Slot", "applicant_values"]
