"""Electronic signatures, both modes the 2564 amendment allows.

* ``docengine.sign.pin`` and ``docengine.sign.typed``: a typed-name signature — a register user
  with the signer role approves with a PIN; the signature block prints "ลงนามอิเล็กทรอนิกส์" with
  date and time, and the register records who, when and the SHA-256 of the PDF signed.
* ``docengine.sign.pades``: PAdES signatures with the agency's certificate (pyHanko): ``sign``,
  ``verify``, a visible signature box with Thai text shaped by WeasyPrint in the document's font.
"""
