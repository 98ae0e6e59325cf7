"""The SSRF guard: which addresses are refused, and that the transport connects to the checked
address (a real loopback server), keeping the Host header."""

from __future__ import annotations

import ipaddress
import ssl

import httpx
import pytest

from bots.webhooks.ssrf import PinnedTransport, TargetRefused, address_problem, resolve_target
from tests.bots.api.support import receiver


@pytest.mark.parametrize(
    "address, private_ok, reason",
    [
        ("127.0.0.1", False, "loopback"),
        ("::1", False, "loopback"),
        ("10.1.2.3", False, "private"),
        ("172.16.0.1", False, "private"),
        ("192.168.1.1", False, "private"),
        ("fd00::1", False, "private"),
        ("100.64.0.1", False, "private"),
        ("169.254.169.254", True, "link-local"),  # cloud metadata: never, even in development
        ("fe80::1", True, "link-local"),
        ("224.0.0.1", True, "multicast"),
        ("0.0.0.0", True, "unspecified"),
        ("240.0.0.1", True, "reserved"),
        ("::ffff:127.0.0.1", True, "IPv4-mapped"),
        ("::ffff:8.8.8.8", True, "IPv4-mapped"),
        ("64:ff9b::a00:1", True, "NAT64"),
        ("2002:a00:1::", True, "6to4"),
    ],
)
def test_refused_addresses(address, private_ok, reason):
    ip = ipaddress.ip_address(address)
    assert reason in address_problem(ip, allow_private=False)
    if private_ok:
        assert reason in address_problem(ip, allow_private=True)
    else:
        assert address_problem(ip, allow_private=True) is None


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::6810:84e5", "8.8.8.8"])
def test_public_addresses_pass(address):
    assert address_problem(ipaddress.ip_address(address), allow_private=False) is None


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://localhost/hook", "loopback"),  # a name that resolves to 127.0.0.1
        ("http://127.0.0.1:9/hook", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::ffff:169.254.169.254]/", "IPv4-mapped"),
        ("ftp://example.com/", "http and https"),
        ("http://user:pw@example.com/", "credentials"),
        ("http://no-such-host.invalid/", "does not resolve"),
    ],
)
async def test_resolve_target_refuses(url, reason):
    with pytest.raises(TargetRefused, match=reason):
        await resolve_target(url, allow_private=False)


async def test_pinned_transport_refuses_before_connecting():
    with receiver() as hooks:
        port = hooks.url.rsplit(":", 1)[1]
        async with httpx.AsyncClient(transport=PinnedTransport(allow_private=False)) as client:
            with pytest.raises(TargetRefused, match="loopback"):
                await client.post(f"http://localhost:{port}/ok/guarded", content=b"{}")
        assert hooks.hits == []


async def test_pinned_transport_connects_to_the_checked_address_with_the_original_host():
    with receiver() as hooks:
        port = hooks.url.rsplit(":", 1)[1]
        async with httpx.AsyncClient(transport=PinnedTransport(allow_private=True)) as client:
            r = await client.post(f"http://localhost:{port}/ok/pinned", content=b"{}")
        assert r.status_code == 200
        (hit,) = hooks.hits_for("/ok/pinned")
        assert hit.headers["host"] == f"localhost:{port}"


def _localhost_certificate(tmp_path) -> tuple[str, str]:
    """A self-signed certificate for the name ``localhost`` only (no IP address in it)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_file), str(key_file)


async def test_pinned_https_keeps_sni_and_verifies_the_name(tmp_path):
    """The connection goes to 127.0.0.1, yet TLS verifies the certificate for ``localhost``:
    the certificate names no IP, so this passes only if SNI/verification use the host name."""
    cert, key = _localhost_certificate(tmp_path)
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.create_default_context(cafile=cert)
    with receiver(tls=server_ctx) as hooks:
        port = hooks.url.rsplit(":", 1)[1]
        inner = httpx.AsyncHTTPTransport(verify=client_ctx, retries=0)
        transport = PinnedTransport(allow_private=True, inner=inner)
        async with httpx.AsyncClient(transport=transport) as client:
            r = await client.post(f"https://localhost:{port}/ok/tls", content=b"{}")
        assert r.status_code == 200
        # Without the name, verification against the IP fails: the check is real.
        async with httpx.AsyncClient(verify=client_ctx) as plain:
            with pytest.raises(httpx.ConnectError, match="(?i)certificate|hostname|IP"):
                await plain.post(f"https://127.0.0.1:{port}/ok/tls-ip", content=b"{}")
    assert [h.path for h in hooks.hits] == ["/ok/tls"]
