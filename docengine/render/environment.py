"""The Jinja2 environment every template runs in: sandboxed, bounded, loaded once per roots.

Shipped and office templates alike run in a :class:`BoundedEnvironment`, Jinja2's
ImmutableSandboxedEnvironment with limits (docengine.limits): a template can format what
it is given but cannot read files outside its roots, import modules, call unsafe
attributes, or make the machine run out of memory or time. ``'x' * 10**9``,
``10**5000``, ``range(10**9)``, ``'a'|center(10**9)``, runaway recursion, nested loops
and output beyond RENDER_CHARS are refused with a :class:`TemplateLimit` naming the limit.

>>> env = sandboxed_environment(())
>>> render_bounded(env.from_string("{{ 'ab' * 3 }}"), {})
'ababab'
>>> render_bounded(env.from_string("{{ 'x' * 10**9 }}"), {})
Traceback (most recent call last):
...
docengine.render.environment.TemplateLimit: the template would build a text of 1,000,000,000 items, more than the limit of 20,000,000 / แม่แบบสร้างข้อความยาว 1,000,000,000 เกินกำหนด 20,000,000
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from functools import cache, wraps

from jinja2 import StrictUndefined, TemplateError, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .. import limits
from ..errors import DocengineError
from .confine import ConfinedLoader

# Results of ** beyond this many bits (about 3,000 decimal digits) are refused.
POWER_BITS = 10_000


class TemplateLimit(DocengineError):
    """A template went beyond a limit of docengine.limits."""


def _too_big(n: int) -> TemplateLimit:
    return TemplateLimit(f"the template would build a text of {n:,} items, more than the limit of "
                         f"{limits.RENDER_CHARS:,}",
                         f"แม่แบบสร้างข้อความยาว {n:,} เกินกำหนด {limits.RENDER_CHARS:,}")


def _check_size(value) -> None:
    if isinstance(value, (str, bytes, list, tuple, dict)) and len(value) > limits.RENDER_CHARS:
        raise _too_big(len(value))


def _check_args(args, kwargs) -> None:
    for v in (*args, *kwargs.values()):
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) > limits.RENDER_CHARS:
            raise TemplateLimit(f"the template passes the number {_short(v)} to a function or filter "
                                f"(limit {limits.RENDER_CHARS:,})",
                                f"แม่แบบส่งตัวเลข {_short(v)} ให้ฟังก์ชันหรือตัวกรอง เกินกำหนด")
        _check_size(v)


def _short(n: int) -> str:
    digits = n.bit_length() * 0.30103
    return f"{n:,}" if digits < 30 else f"~10^{int(digits)}"


def bounded_range(*args):
    """``range`` for templates: at most RANGE_ITEMS items."""
    r = range(*args)
    if len(r) > limits.RANGE_ITEMS:
        raise TemplateLimit(f"range() of {len(r):,} items in a template (limit {limits.RANGE_ITEMS:,})",
                            f"แม่แบบใช้ range() {len(r):,} รายการ เกินกำหนด {limits.RANGE_ITEMS:,}")
    return r


def _bounded_filter(f):
    @wraps(f)
    def bounded(*args, **kwargs):
        _check_args(args, kwargs)
        result = f(*args, **kwargs)
        _check_size(result)
        return result

    return bounded


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with size checks on ``*``, ``**``, ``+``, every call and every filter."""

    intercepted_binops = frozenset(["*", "**", "+"])

    def __init__(self, **options):
        super().__init__(**options)
        self.globals["range"] = bounded_range
        self.filters = {name: _bounded_filter(f) for name, f in self.filters.items()}

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
            if left not in (0, 1, -1) and max(left.bit_length(), 1) * right > POWER_BITS:
                raise TemplateLimit(f"{_short(left)} ** {_short(right)} in a template is too large a number",
                                    "แม่แบบคำนวณเลขยกกำลังที่ใหญ่เกินไป")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > limits.RENDER_CHARS:
                    raise _too_big(len(seq) * n)
        if operator == "+" and hasattr(left, "__len__") and hasattr(right, "__len__"):
            if len(left) + len(right) > limits.RENDER_CHARS:
                raise _too_big(len(left) + len(right))
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        if __obj is not bounded_range:  # range() names its own limit
            _check_args(args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        _check_size(result)
        return result


@cache
def sandboxed_environment(roots: tuple) -> BoundedEnvironment:
    return BoundedEnvironment(
        loader=ConfinedLoader([str(r) for r in roots]),
        autoescape=select_autoescape(["html", "j2", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_bounded(template, context) -> str:
    """Render ``template``: at most RENDER_CHARS characters and TEMPLATE_SECONDS of CPU."""
    out, n = [], 0
    try:
        with cpu_deadline(limits.TEMPLATE_SECONDS):
            for chunk in template.generate(context):
                n += len(chunk)
                if n > limits.RENDER_CHARS:
                    raise _too_big(n)
                out.append(chunk)
    except RecursionError:
        raise TemplateLimit("the template calls itself too deeply (recursion)",
                            "แม่แบบเรียกตัวเองซ้อนกันลึกเกินไป") from None
    except MemoryError:
        raise TemplateLimit("the template needs more memory than there is", "แม่แบบใช้หน่วยความจำเกินกว่าที่มี") from None
    except (DocengineError, TemplateError):
        raise
    except Exception as exc:  # {{ 1 / 0 }}, a bad argument to a filter …: the template's fault
        from .document import template_error

        raise template_error(exc) from None
    return "".join(out)


class _Timeout(BaseException):
    pass


@contextmanager
def cpu_deadline(seconds: float):
    """Stop the block after ``seconds`` of CPU time (SIGPROF) with TemplateLimit.

    Only in the main thread and when no other profiling timer runs; elsewhere the
    size limits alone bound the work.
    """
    usable = threading.current_thread() is threading.main_thread() and \
        signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    except _Timeout:
        raise TemplateLimit(f"the template ran for more than {seconds:g} s of CPU (endless or nested loops?)",
                            f"แม่แบบทำงานนานเกิน {seconds:g} วินาที (อาจวนซ้ำไม่รู้จบ)") from None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
