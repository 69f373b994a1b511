"""The Jinja2 environment every template runs in: sandboxed, loaded once per roots.

Shipped and office templates alike run in Jinja2's ImmutableSandboxedEnvironment: a
template can format what it is given but cannot read files, import modules or call
unsafe attributes.
"""

from __future__ import annotations

from functools import cache

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment


@cache
def sandboxed_environment(roots: tuple) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(r) for r in roots]),
        autoescape=select_autoescape(["html", "j2", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env
