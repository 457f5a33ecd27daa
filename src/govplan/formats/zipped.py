"""Parts of a zip package (Word files, OFD) read with their limits decided before they are
inflated, and parsed as XML that reaches nothing outside the file."""
from __future__ import annotations

import zipfile

from govplan.errors import RenderError

# Limits decided before a part is inflated (zip bombs).  A real notice's document.xml is a few
# hundred KB to a few MB, packed 5 to 15 times; a bomb packs hundreds or thousands of times.  A
# part may inflate to MAX_INFLATION times its packed size (parts under MIN_RATIO_BYTES always),
# and never past MAX_PART_BYTES.
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_INFLATION = 100
MIN_RATIO_BYTES = 4 * 1024 * 1024


def xml_part(z: zipfile.ZipFile, name: str, etree, path: str, kind: str, optional: bool = False):
    """The part ``name`` parsed (None for a missing optional part); RenderError in one line
    naming ``kind`` ("Word file") for a missing, oversized or malformed one."""
    try:
        info = z.getinfo(name)
    except KeyError:
        if optional:
            return None
        raise RenderError(path, f"not a readable {kind} (no {name})") from None
    limit = min(MAX_PART_BYTES, max(MIN_RATIO_BYTES, MAX_INFLATION * info.compress_size))
    with z.open(info) as fh:  # read no more than the limit, whatever the header declares
        raw = fh.read(limit + 1)
    if len(raw) > limit:
        raise RenderError(path, f"a {kind} whose {name} inflates past {limit} bytes ({MAX_INFLATION} times its "
                                f"packed size, at most {MAX_PART_BYTES}): refused as a zip bomb")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise RenderError(path, f"not a readable {kind} ({name}: {exc})") from None
