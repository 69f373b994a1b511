"""An offline PKI for the tests and the demo: a root CA, a signer (PKCS#12) and a time-stamp authority.

Made with ``cryptography`` when called; nothing here is a real certificate, and a PDF signed
with it verifies only against its own ``root.pem``.

>>> import tempfile, pathlib
>>> pki = make_pki(pathlib.Path(tempfile.mkdtemp()))
>>> pki.p12.is_file(), pki.root_pem.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSWORD = "test-p12-รหัส"  # of the generated PKCS#12 (a test key, not a secret)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "TH"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "docengine test PKI"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _cert(subject, key, issuer, issuer_key, *, ca=False, eku=None, days=3650):
    now = datetime.now(timezone.utc) - timedelta(days=1)
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
         .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + timedelta(days=days))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
         .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=not ca, key_encipherment=False,
                                      data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                                      encipher_only=False, decipher_only=False), critical=True))
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    return b.sign(issuer_key, hashes.SHA256())


@dataclass
class TestPKI:
    __test__ = False  # not a pytest class

    root_pem: Path
    p12: Path
    other_root_pem: Path
    tsa_cert: object  # asn1crypto
    tsa_key: object  # asn1crypto

    def timestamper(self):
        from pyhanko.sign.timestamps import DummyTimeStamper

        return DummyTimeStamper(tsa_cert=self.tsa_cert, tsa_key=self.tsa_key)


def make_pki(folder: Path, signer_cn: str = "นายสมชาย ใจดี (ทดสอบ)") -> TestPKI:
    from asn1crypto import keys as akeys
    from asn1crypto import x509 as ax509

    root_key = _key()
    root = _cert(_name("docengine Test Root CA"), root_key, _name("docengine Test Root CA"), root_key, ca=True)
    signer_key = _key()
    signer = _cert(_name(signer_cn), signer_key, root.subject, root_key, days=365)
    tsa_key = _key()
    tsa = _cert(_name("docengine Test TSA"), tsa_key, root.subject, root_key, eku=[ExtendedKeyUsageOID.TIME_STAMPING])
    other_key = _key()
    other = _cert(_name("Some Other Root"), other_key, _name("Some Other Root"), other_key, ca=True)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "root.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))
    (folder / "other-root.pem").write_bytes(other.public_bytes(serialization.Encoding.PEM))
    p12 = pkcs12.serialize_key_and_certificates(
        b"signer", signer_key, signer, [root],
        serialization.BestAvailableEncryption(PASSWORD.encode("utf-8")))
    (folder / "signer.p12").write_bytes(p12)
    tsa_der = tsa.public_bytes(serialization.Encoding.DER)
    tsa_key_der = tsa_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
    return TestPKI(folder / "root.pem", folder / "signer.p12", folder / "other-root.pem",
                   ax509.Certificate.load(tsa_der), akeys.PrivateKeyInfo.load(tsa_key_der))
