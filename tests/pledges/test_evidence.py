"""Progress updates with evidence files: types checked by content, size-limited, served only to
those who may read the pledge, never half-stored."""
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pledges.models import Evidence, ProgressUpdate

pytestmark = pytest.mark.django_db

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data)


def post_progress(api, user, pledge, files, text="本季度举办招聘会 8 场", percent=40):
    return api.as_(user).post(
        f"/api/v1/pledges/{pledge.pk}/progress/", {"text": text, "percent": percent, "files": files},
        format="multipart",
    )


def test_official_posts_progress_with_image_pdf_and_word(api, world, approved):
    response = post_progress(api, world.users["official"], approved[0],
                             [upload("现场.png", PNG), upload("总结.pdf", PDF), upload("方案.docx", docx_bytes())])
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["percent"] == 40
    assert [e["content_type"] for e in body["evidence"]] == [
        "image/png", "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    assert api.as_(world.users["official"]).get(f"/api/v1/pledges/{approved[0].pk}/").json()["latest_percent"] == 40


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("伪装.png", b"just some text pretending", "不是可接受的文件类型"),
        ("脚本.pdf", b"<script>alert(1)</script>", "不是可接受的文件类型"),
        ("图片.pdf", PNG, "与文件扩展名不符"),
        ("程序.exe", b"MZ\x90\x00" + b"\x00" * 60, "不是可接受的文件类型"),
        ("空.png", b"", "空文件"),
    ],
)
def test_unacceptable_files_are_refused_and_nothing_is_stored(api, world, approved, media_root, name, data, message):
    response = post_progress(api, world.users["official"], approved[0], [upload("好的.png", PNG), upload(name, data)])
    assert response.status_code == 400
    assert message in str(response.json()["errors"]["files"])
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    assert not any(p.is_file() for p in media_root.rglob("*")) if media_root.exists() else True


def test_file_size_is_limited(api, world, approved, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    response = post_progress(api, world.users["official"], approved[0], [upload("大.pdf", PDF + b"0" * 2000)])
    assert response.status_code == 400
    assert "大小限制" in str(response.json())


def test_at_most_five_files(api, world, approved):
    response = post_progress(api, world.users["official"], approved[0], [upload(f"{i}.png", PNG) for i in range(6)])
    assert response.status_code == 400


@pytest.mark.parametrize("percent", [-1, 101, "half"])
def test_percent_is_0_to_100(api, world, approved, percent):
    assert post_progress(api, world.users["official"], approved[0], [], percent=percent).status_code == 400


def test_progress_only_on_approved_pledges(api, world, filed):
    response = post_progress(api, world.users["official"], filed[0], [])
    assert response.status_code == 400
    assert "须先通过审核" in str(response.json())


def test_only_the_owner_posts_progress(api, world, approved):
    for role in ("staff", "leader"):
        assert post_progress(api, world.users[role], approved[0], []).status_code == 403


def test_evidence_is_served_only_to_those_who_may_read_the_pledge(api, client, world, approved):
    post_progress(api, world.users["official"], approved[0], [upload("现场.png", PNG)])
    evidence = Evidence.objects.get()
    path = f"/pledges/evidence/{evidence.pk}/"
    for role in ("official", "staff", "leader", "admin"):
        client.force_login(world.users[role])
        response = client.get(path)
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content) == PNG
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Content-Type"] == "image/png"
    client.force_login(world.users["foreign_staff"])
    assert client.get(path).status_code == 404
    client.logout()
    assert client.get(path).status_code == 302


def test_media_files_are_not_served_directly(client, world, approved, api):
    post_progress(api, world.users["official"], approved[0], [upload("现场.png", PNG)])
    evidence = Evidence.objects.get()
    client.force_login(world.users["official"])
    assert client.get(f"/media/{evidence.file.name}").status_code == 404


@pytest.mark.parametrize("name", ["..", ".", "&#46;&#46;"])
def test_a_file_whose_name_is_unusable_refuses_the_whole_update(api, world, approved, media_root, name):
    """Security finding 11: a file named `..` (nothing left once sanitised) is not dropped
    silently: the update is refused, naming the file, and nothing is saved."""
    body, content_type = multipart_with_raw_name(name, PNG)  # the test client refuses such names itself
    response = api.as_(world.users["official"]).generic(
        "POST", f"/api/v1/pledges/{approved[0].pk}/progress/", body, content_type=content_type)
    assert response.status_code == 400
    assert "文件名" in response.json()["detail"] and name in response.json()["detail"]
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()


def multipart_with_raw_name(name: str, data: bytes) -> tuple[bytes, str]:
    """A progress form (text, percent, a good PNG and a file named `name`) as a raw body."""
    boundary = "----cadreboard-test"
    parts = [
        b'Content-Disposition: form-data; name="text"\r\n\r\n' + "本季度举办招聘会".encode(),
        b'Content-Disposition: form-data; name="percent"\r\n\r\n40',
        b'Content-Disposition: form-data; name="files"; filename="ok.png"\r\nContent-Type: image/png\r\n\r\n' + PNG,
        f'Content-Disposition: form-data; name="files"; filename="{name}"\r\nContent-Type: image/png\r\n\r\n'.encode()
        + data,
    ]
    body = b"".join(f"--{boundary}\r\n".encode() + part + b"\r\n" for part in parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"
