"""Merge optout's marks into an XMP packet, keeping every other property; read them back.

Pure module. XMP is RDF/XML; a property may be written as an element or as an attribute of any
rdf:Description, so both forms are removed before the new value is added in one Description of ours.
"""

from __future__ import annotations

import re

from lxml import etree

from optout.lib.i18n import gettext_noop as _

from .marks import DATA_MINING, SEE_EXPRESSION, BadImage, Marks

X = "adobe:ns:meta/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS = {
    "x": X,
    "rdf": RDF,
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "plus": "http://ns.useplus.org/ldf/xmp/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
    "exif": "http://ns.adobe.com/exif/1.0/",
}
OURS = {k: NS[k] for k in ("rdf", "dc", "photoshop", "xmpRights", "plus")}

# field -> (namespace prefix, property, kind): kind is text, alt (language alternative) or seq.
PROPERTIES = {
    "data_mining": ("plus", "DataMining", "text"),
    "other_constraints": ("plus", "OtherConstraints", "alt"),
    "creator": ("dc", "creator", "seq"),
    "copyright": ("dc", "rights", "alt"),
    "credit": ("photoshop", "Credit", "text"),
    "web_statement": ("xmpRights", "WebStatement", "text"),
    "usage_terms": ("xmpRights", "UsageTerms", "alt"),
}
LICENSOR = f"{{{NS['plus']}}}Licensor"
LICENSOR_URL = f"{{{NS['plus']}}}LicensorURL"
LOCATION = [("photoshop", "City"), ("photoshop", "State"), ("photoshop", "Country"), ("Iptc4xmpCore", "Location"),
            ("Iptc4xmpCore", "CountryCode"), ("Iptc4xmpExt", "LocationCreated"), ("Iptc4xmpExt", "LocationShown")]

PACKET_BEGIN = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
PACKET_END = '\n<?xpacket end="w"?>'
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


def q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


# Messages when a packet cannot be used: marking (nothing is written) and reading (verify) say it differently.
UNUSABLE = {
    "xml": (_("its XMP metadata is not valid XML (%(reason)s); not changed"),
            _("its XMP metadata is not valid XML (%(reason)s)")),
    "rdf": (_("its XMP metadata has no rdf:RDF element; not changed"),
            _("its XMP metadata has no rdf:RDF element")),
    "doctype": (_("its XMP metadata declares a document type or XML entities (<!DOCTYPE …>), which XMP does not use "
                  "and optout does not expand; not changed"),
                _("its XMP metadata declares a document type or XML entities (<!DOCTYPE …>), which XMP does not use "
                  "and optout does not expand")),
}
# Rights expressions a data-mining choice may point at (PLUS "Prohibited, see …"); optout reads them, never writes them.
RIGHTS_EXPRESSIONS = {"embedded_rights": ("Iptc4xmpExt", "EmbdEncRightsExpr"),
                      "linked_rights": ("Iptc4xmpExt", "LinkedEncRightsExpr")}


def _parse(packet: bytes, reading: bool = False) -> etree._Element | None:
    """The rdf:RDF element of a packet, or None when there is no packet."""
    text = packet.strip(b"\x00 \t\r\n")
    if not text:
        return None
    try:
        root = etree.fromstring(text, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise BadImage(UNUSABLE["xml"][reading], reason=exc.msg) from exc
    if root.getroottree().docinfo.doctype or next(root.iter(etree.Entity), None) is not None:
        # Entities are left unexpanded (expanding them is how "billion laughs" attacks work), and writing the packet
        # back without its declarations would leave references to nothing: broken XML.
        raise BadImage(UNUSABLE["doctype"][reading])
    if root.tag == f"{{{RDF}}}RDF":
        return root
    found = root.find(f".//{{{RDF}}}RDF")
    if found is None:
        raise BadImage(UNUSABLE["rdf"][reading])
    return found


def _rights_expressions(rdf: etree._Element | None) -> dict[str, str]:
    """Which rights expressions the packet carries (name -> its text, e.g. the link), when not empty."""
    found: dict[str, str] = {}
    if rdf is None:
        return found
    for name, (prefix, prop) in RIGHTS_EXPRESSIONS.items():
        for description in rdf.findall(f"{{{RDF}}}Description"):
            element = description.find(q(prefix, prop))
            if element is None:
                continue
            # struct fields may be elements or attributes (e.g. <rdf:li Iptc4xmpExt:LinkedRightsExpr="https://…"/>)
            parts = [text.strip() for text in element.itertext() if text.strip()]
            parts += [value.strip() for node in element.iter() for key, value in node.attrib.items()
                      if not key.startswith(f"{{{RDF}}}") and key != XML_LANG and value.strip()]
            content = " ".join(parts)
            if content:
                found[name] = content
                break
    return found


# Positions in any namespace: EXIF's GPS* and the ones cameras and drones write under their own (DJI's
# drone-dji:GpsLatitude, GpsLongtitude as DJI spells it, AbsoluteAltitude); only exif:GPS* was removed before.
_POSITION = re.compile(r"^gps|latitude|longitude|longtitude|altitude", re.IGNORECASE)


def _is_gps(tag: str) -> bool:
    return tag.startswith(f"{{{NS['exif']}}}GPS") or bool(_POSITION.search(etree.QName(tag).localname))


def _location_tags() -> set[str]:
    return {q(p, n) for p, n in LOCATION}


def _strip(rdf: etree._Element, tags: set[str], gps: bool) -> None:
    for description in rdf.findall(f"{{{RDF}}}Description"):
        for attribute in list(description.attrib):
            if attribute in tags or (gps and _is_gps(attribute)):
                del description.attrib[attribute]
        for child in list(description):
            if isinstance(child.tag, str) and (child.tag in tags or (gps and _is_gps(child.tag))):
                description.remove(child)
        if len(description) == 0 and set(description.attrib) <= {f"{{{RDF}}}about"}:
            rdf.remove(description)  # emptied (e.g. optout's own from an earlier run)


def _add(parent: etree._Element, tag: str, kind: str, value: str) -> None:
    element = etree.SubElement(parent, tag)
    if kind == "text":
        element.text = value
        return
    container = etree.SubElement(element, f"{{{RDF}}}{'Alt' if kind == 'alt' else 'Seq'}")
    item = etree.SubElement(container, f"{{{RDF}}}li")
    if kind == "alt":
        item.set(XML_LANG, "x-default")
    item.text = value


def _set_licensor_url(rdf: etree._Element, ours: etree._Element, url: str) -> None:
    """Set the URL of the first licensor, keeping the licensor's other details (name, id, …)."""
    for description in rdf.findall(f"{{{RDF}}}Description"):
        licensor = description.find(LICENSOR)
        item = None if licensor is None else licensor.find(f".//{{{RDF}}}li")
        if item is not None:
            holder = item.find(f"{{{RDF}}}Description")
            holder = item if holder is None else holder
            holder.attrib.pop(LICENSOR_URL, None)
            for old in holder.findall(LICENSOR_URL):
                holder.remove(old)
            if holder is item and item.get(f"{{{RDF}}}parseType") != "Resource" and len(item) == 0:
                item.text = None
                item.set(f"{{{RDF}}}parseType", "Resource")
            etree.SubElement(holder, LICENSOR_URL).text = url
            return
    licensor = etree.SubElement(ours, LICENSOR)
    item = etree.SubElement(etree.SubElement(licensor, f"{{{RDF}}}Seq"), f"{{{RDF}}}li")
    item.set(f"{{{RDF}}}parseType", "Resource")
    etree.SubElement(item, LICENSOR_URL).text = url


def merge(packet: bytes | None, marks: Marks, remove_location: bool = False) -> bytes:
    """A new XMP packet: `packet` with the given marks set (and location removed when asked)."""
    rdf = _parse(packet) if packet else None
    code = marks.data_mining.rsplit("/", 1)[-1]
    if code in SEE_EXPRESSION and SEE_EXPRESSION[code] not in _rights_expressions(rdf):
        prefix, prop = RIGHTS_EXPRESSIONS[SEE_EXPRESSION[code]]
        raise BadImage(_("the data-mining choice “%(choice)s” points at the file's %(field)s, which it does not have "
                         "(optout does not write one); not changed"), choice=DATA_MINING[code], field=f"{prefix}:{prop}")
    if rdf is None:
        meta = etree.Element(f"{{{X}}}xmpmeta", nsmap={"x": X})
        meta.set(f"{{{X}}}xmptk", "optout")
        rdf = etree.SubElement(meta, f"{{{RDF}}}RDF", nsmap={"rdf": RDF})
    given = marks.given()
    tags = {q(PROPERTIES[f][0], PROPERTIES[f][1]) for f in given if f in PROPERTIES}
    if remove_location:
        tags |= _location_tags()
    _strip(rdf, tags, gps=remove_location)
    existing = rdf.find(f"{{{RDF}}}Description")
    about = existing.get(f"{{{RDF}}}about", "") if existing is not None else ""
    ours = etree.SubElement(rdf, f"{{{RDF}}}Description", nsmap=OURS)
    ours.set(f"{{{RDF}}}about", about)
    for field, value in given.items():
        if field in PROPERTIES:
            prefix, name, kind = PROPERTIES[field]
            _add(ours, q(prefix, name), kind, value)
    if "licensor_url" in given:
        _set_licensor_url(rdf, ours, given["licensor_url"])
    top = rdf.getroottree().getroot()
    body = etree.tostring(top, encoding="unicode")
    return (PACKET_BEGIN + body + PACKET_END).encode("utf-8")


def _text_of(element: etree._Element, kind: str) -> str:
    if kind == "text" or len(element) == 0:
        return (element.text or "").strip()
    items = element.findall(f"{{{RDF}}}*/{{{RDF}}}li")
    if kind == "alt":
        for item in items:
            if item.get(XML_LANG) == "x-default":
                return (item.text or "").strip()
    return "; ".join((item.text or "").strip() for item in items)


def _licensor_url(licensor: etree._Element) -> str | None:
    url = licensor.find(f".//{LICENSOR_URL}")
    if url is not None:
        return (url.text or "").strip()
    for node in licensor.iter():
        if LICENSOR_URL in node.attrib:
            return node.get(LICENSOR_URL).strip()
    return None


def read(packet: bytes | None) -> tuple[dict[str, str], list[str]]:
    """(field -> value, location properties present) from an XMP packet; the values also say which rights
    expressions it carries (RIGHTS_EXPRESSIONS)."""
    rdf = _parse(packet, reading=True) if packet else None
    if rdf is None:
        return {}, []
    values: dict[str, str] = _rights_expressions(rdf)
    location: list[str] = []
    where = {q(p, n): (field, kind) for field, (p, n, kind) in PROPERTIES.items()}
    location_tags = _location_tags()
    for description in rdf.findall(f"{{{RDF}}}Description"):
        nodes = [(name, value.strip(), None) for name, value in description.attrib.items()]
        nodes += [(child.tag, None, child) for child in description if isinstance(child.tag, str)]
        for tag, text, element in nodes:
            if tag in where:
                field, kind = where[tag]
                values[field] = text if element is None else _text_of(element, kind)
            elif tag == LICENSOR and element is not None and _licensor_url(element) is not None:
                values["licensor_url"] = _licensor_url(element)
            if tag in location_tags or _is_gps(tag):
                location.append("XMP " + etree.QName(tag).localname)
    return values, location
