"""The private-file download against the fake file host, over real HTTP."""

from __future__ import annotations

import httpx
import pytest

from bots.slack.download import DownloadError, TokenPolicy, download_private_file
from tests.bots.slack.fake_slack import FakeSlack
from tests.bots.slack.stack import BOT_TOKEN

MB = 1024 * 1024


async def fetch(fake: FakeSlack, url: str, max_bytes: int = 10 * MB) -> bytes:
    async with httpx.AsyncClient(timeout=10) as client:
        return await download_private_file(
            url,
            BOT_TOKEN,
            policy=TokenPolicy.from_api_base(fake.api_base),
            max_bytes=max_bytes,
            client=client,
        )


def url_of(fake: FakeSlack, file_id: str) -> str:
    return fake.file_object(fake.files[file_id])["url_private_download"]


async def test_file_bytes_with_the_bot_token(fake: FakeSlack, resume_pdf: bytes) -> None:
    file = fake.add_file("cv.pdf", resume_pdf)
    assert await fetch(fake, url_of(fake, file.id)) == resume_pdf
    assert fake.download_auth == [f"Bearer {BOT_TOKEN}"]


async def test_sign_in_page_with_200_is_explained(fake: FakeSlack) -> None:
    file = fake.add_file("cv.pdf", b"%PDF-1.7", mode="sign_in")
    with pytest.raises(DownloadError) as err:
        await fetch(fake, url_of(fake, file.id))
    assert err.value.code == "sign_in_page"
    assert "files:read" in err.value.message


async def test_redirect_to_another_host_is_not_followed(fake: FakeSlack) -> None:
    file = fake.add_file("cv.pdf", b"%PDF-1.7", mode="redirect_elsewhere")
    with pytest.raises(DownloadError) as err:
        await fetch(fake, url_of(fake, file.id))
    assert err.value.code == "untrusted_host"
    assert fake.other_host_hits == []  # never requested, so the token never left


async def test_redirect_on_the_same_host_keeps_the_token(
    fake: FakeSlack, resume_pdf: bytes
) -> None:
    file = fake.add_file("cv.pdf", resume_pdf, mode="redirect_same")
    assert await fetch(fake, url_of(fake, file.id)) == resume_pdf
    assert fake.download_auth == [f"Bearer {BOT_TOKEN}"] * 2


async def test_url_outside_slack_gets_no_token(fake: FakeSlack) -> None:
    with pytest.raises(DownloadError) as err:
        await fetch(fake, f"http://127.0.0.1:{fake.other_port}/file.pdf")
    assert err.value.code == "untrusted_host"
    assert fake.other_host_hits == []


async def test_oversized_body_is_cut(fake: FakeSlack) -> None:
    file = fake.add_file("big.pdf", b"%PDF-1.7\n" + b"0" * (2 * MB))
    with pytest.raises(DownloadError) as err:
        await fetch(fake, url_of(fake, file.id), max_bytes=1 * MB)
    assert err.value.code == "too_large"


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://files.slack.com/files-pri/T1-F1/cv.pdf", True),
        ("https://slack.com/x", True),
        ("http://files.slack.com/files-pri/T1-F1/cv.pdf", False),  # plain HTTP
        ("https://files.slack.com.evil.example/cv.pdf", False),
        ("https://evilslack.com/cv.pdf", False),
        ("https://slack-edge.com/cv.pdf", False),
    ],
)
def test_token_policy_without_api_base(url: str, allowed: bool) -> None:
    assert TokenPolicy.from_api_base(None).allows(url) is allowed
