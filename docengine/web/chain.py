"""The letter chain view (สายหนังสือ): one letter and everything it caused, down the tiers.

The chain is the register's (``Register.chain``, the records ``docengine chain show`` prints):
the letter, the receipts of it at each office, the letters that forward it (their ``parent_id``
and citation), their receipts, and so on. The page shows the letters above it up to the first
one, then its own tree, each line with a link to the document — the letter's page and PDF for
this office's letters, the receipt's page and stamped copy for this office's receipts. Another
office's document is named but not linked (its page is that office's).

Only a chain this office is part of (it issued or received one of its letters) is shown;
any other is 404, like another office's letter.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for

from . import desk
from .permissions import guarded, require

bp = Blueprint("chain", __name__)


def init(app) -> None:
    app.register_blueprint(bp)


def _part_of(root, code: str) -> bool:
    """Does the office ``code`` issue or receive any letter of the chain under ``root``?"""
    return any(node.letter.agency_code == code or any(r.agency_code == code for r in node.receipts)
               for _, node in root.walk())


def _path_to(node, letter_id: int, above=()):
    """(the nodes above ``letter_id``, its node) in the tree under ``node``."""
    if node.letter.id == letter_id:
        return list(above), node
    for child in node.children:
        found = _path_to(child, letter_id, (*above, node))
        if found[1] is not None:
            return found
    return [], None


@bp.route("/chain/<int:letter_id>")
@guarded("view")
def letter_chain(letter_id):
    from docengine.register import NotFound

    d = desk()
    try:
        root = d.register.chain(letter_id)
    except NotFound:
        abort(404)
    if not _part_of(root, d.agency_code):
        abort(404)  # not told that it exists
    above, node = _path_to(root, letter_id)
    if node is None:
        abort(404)
    names = {a.code: a for a in d.register.agencies()}
    count = sum(1 + len(n.receipts) for _, n in node.walk()) - 1
    return render_template("chain.html", node=node, above=above, names=names, mine=d.agency_code,
                           caused=count)


@bp.route("/chain/receipt/<int:receipt_id>")
@guarded("view")
def receipt_chain(receipt_id):
    """A receipt's chain: that of the letter it received (a receipt of no letter of the register has
    no chain: its own page)."""
    from docengine.register import NotFound

    try:
        record = desk().register.get_receipt(receipt_id)
    except NotFound:
        abort(404)
    require("view", record.agency_code)
    if record.letter_id is None:
        return redirect(url_for("receipts.receipt", receipt_id=receipt_id))
    return redirect(url_for("chain.letter_chain", letter_id=record.letter_id))
