"""optout's own JPEG segment writer, for the intricate cases; read back with exiftool and with exiv2."""

import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optout.media import jpeg, xmp
from optout.media.marks import BadImage, Marks

from .images import exiftool, make_image, pixels, read_tags

MARKS = Marks(creator="Zoë", copyright="© Zoë", credit="Z", licensor_url="https://z.example/l")


def test_exiv2_reads_what_the_writer_wrote(tmp_path):
    import pyexiv2

    out = jpeg.protect(make_image(tmp_path / "a.jpg").read_bytes(), MARKS, remove_location=True)
    image = pyexiv2.ImageData(out)
    try:
        assert image.read_xmp()["Xmp.plus.DataMining"] == "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING"
        assert image.read_xmp()["Xmp.dc.creator"] == ["Zoë"]
        assert image.read_iptc()["Iptc.Application2.Byline"] == ["Zoë"]
        assert image.read_iptc()["Iptc.Application2.Copyright"] == "© Zoë"
        assert image.read_exif()["Exif.Image.Artist"] == "Zoë"
        assert not [k for k in image.read_exif() if k.startswith("Exif.GPSInfo")]
    finally:
        image.close()


def test_other_xmp_and_licensor_details_survive_and_repeated_runs_do_not_pile_up(tmp_path):
    image = make_image(tmp_path / "a.jpg", gps=False)
    subprocess.run([exiftool(), "-q", "-overwrite_original", "-XMP-plus:LicensorName=Agency", "-XMP-xmp:Rating=4",
                    "-XMP-dc:Rights=old", str(image)], check=True)
    once = jpeg.protect(image.read_bytes(), MARKS)
    twice = jpeg.protect(once, MARKS)
    (tmp_path / "b.jpg").write_bytes(twice)
    tags = read_tags(tmp_path / "b.jpg")
    assert tags["XMP-plus:Licensor"] == [{"LicensorName": "Agency", "LicensorURL": "https://z.example/l"}]
    assert tags["XMP-xmp:Rating"] == 4 and tags["XMP-dc:Rights"] == "© Zoë"
    assert len(twice) - len(once) < 200  # only the re-appended EXIF directory grows, by a few bytes
    packet = twice[twice.index(jpeg.XMP_ID) + len(jpeg.XMP_ID):]
    assert packet.count(b"<plus:DataMining") == 1 and packet.count(b"<dc:creator") == 1


def test_an_existing_iptc_digest_is_updated_and_latin1_values_stay_readable(tmp_path):
    image = make_image(tmp_path / "a.jpg", gps=False)
    subprocess.run([exiftool(), "-q", "-overwrite_original", "-IPTC:Keywords=caf\xe9", "-charset", "iptc=latin",
                    "-IPTCDigest=new", str(image)], check=True)
    before = read_tags(image)
    assert before["IPTC:Keywords"] == "café" and "IPTC:CodedCharacterSet" not in before
    (tmp_path / "b.jpg").write_bytes(jpeg.protect(image.read_bytes(), MARKS))
    after = subprocess.run([exiftool(), "-s3", "-IPTCDigest", "-CurrentIPTCDigest", "-IPTC:Keywords", "-IPTC:By-line",
                            str(tmp_path / "b.jpg")], capture_output=True, text=True, check=True).stdout.split("\n")
    assert after[0] == after[1] and after[2:4] == ["café", "Zoë"]


def test_a_packet_too_big_for_one_segment_is_refused_not_cut(tmp_path):
    data = make_image(tmp_path / "a.jpg", gps=False).read_bytes()
    with pytest.raises(BadImage, match="64 KB"):
        jpeg.protect(data, Marks(usage_terms="x" * 70_000))


def test_broken_xml_is_refused_not_replaced():
    with pytest.raises(BadImage, match="not valid XML"):
        xmp.merge(b"<x:xmpmeta><rdf:RDF", MARKS)
    with pytest.raises(BadImage, match="declares a document type or XML entities.*; not changed"):  # never read
        xmp.merge(b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>', MARKS)


def test_a_packet_declaring_entities_is_refused_never_written_back_broken():
    """The entities were left unexpanded and their declarations dropped: the packet written back was broken XML."""
    packet = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x:xmpmeta xmlns:x="adobe:ns:meta/">'
              b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
              b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>&a;</dc:format></rdf:Description></rdf:RDF>'
              b'</x:xmpmeta>')
    with pytest.raises(BadImage, match="declares a document type or XML entities.*; not changed"):
        xmp.merge(packet, MARKS)
    with pytest.raises(BadImage) as reading:
        xmp.read(packet)
    assert "declares a document type" in str(reading.value) and "not changed" not in str(reading.value)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return make_image(tmp_path_factory.mktemp("j") / "s.jpg", size=(48, 32)).read_bytes()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=4000), flips=st.lists(st.tuples(st.integers(0, 3999), st.integers(0, 255)), max_size=4))
def test_damaged_headers_are_refused_cleanly_or_keep_the_pixels(sample, cut, flips):
    damaged = bytearray(sample[:cut] if cut < len(sample) else sample)
    for at, value in flips:
        if at < len(damaged):
            damaged[at] = value
    try:
        out = jpeg.protect(bytes(damaged), MARKS, remove_location=True)
    except BadImage:
        return
    sos = jpeg.segments(bytes(damaged))[1]
    assert out.endswith(bytes(damaged[sos:]))  # the image data is copied, never changed
    if bytes(damaged) == sample:
        assert pixels(out) == pixels(sample)


def test_a_jpeg_declaring_a_huge_frame_is_marked_as_its_pixels_are_never_decoded(tmp_path):
    """Large scans of paintings were refused as "decompression bombs", though nothing decodes a JPEG's pixels."""
    data = bytearray(make_image(tmp_path / "a.jpg", gps=False).read_bytes())
    found, sos = jpeg.segments(bytes(data))
    start = next(s for m, s, _ in found if m in jpeg.SOF)
    data[start + 5:start + 9] = (60000).to_bytes(2, "big") * 2
    out = jpeg.protect(bytes(data), MARKS)
    assert out.endswith(bytes(data[sos:])) and jpeg.declared_pixels(out) == 60000 * 60000


def test_a_full_exif_block_is_left_alone_with_a_note(tmp_path):
    from optout.media import formats

    image = make_image(tmp_path / "a.jpg", gps=False)

    def describe(length: int) -> int:
        subprocess.run([exiftool(), "-q", "-overwrite_original", "-EXIF:ImageDescription=" + "d" * length, str(image)],
                       check=True)
        data = image.read_bytes()
        return next(end - start - 4 for marker, start, end in jpeg.segments(data)[0]
                    if data[start + 4:start + 10] == jpeg.EXIF_ID)

    length = 60_000 + jpeg.MAX_SEGMENT - describe(60_000) - 40  # the block ends 40 bytes short of the limit
    assert jpeg.MAX_SEGMENT - 44 <= describe(length) <= jpeg.MAX_SEGMENT - 36
    data = image.read_bytes()
    marked = formats.protect(data, "jpeg", MARKS, remove_location=False)
    assert marked.notes == ["its EXIF block is full (64 KB), so creator and copyright are in XMP and IPTC only"]
    (tmp_path / "b.jpg").write_bytes(b"".join(bytes(p) for p in marked.parts) + data[marked.tail:])
    tags = read_tags(tmp_path / "b.jpg")
    assert len(tags["IFD0:ImageDescription"]) == length and "IFD0:Artist" not in tags
    assert tags["IPTC:By-line"] == "Zoë" and tags["XMP-dc:Creator"] == ["Zoë"]
    with pytest.raises(BadImage, match="64 KB"):  # location removal cannot be done without rewriting it
        formats.protect(data, "jpeg", MARKS, remove_location=True)
    assert jpeg.protect(make_image(tmp_path / "c.jpg", gps=False).read_bytes(), MARKS) and not formats.protect(
        (tmp_path / "c.jpg").read_bytes(), "jpeg", MARKS, False).notes
