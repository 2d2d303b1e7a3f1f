#!/usr/bin/python3
"""read_model.py — the numpy reader of docs/model-format.md (kept identical to the listing there)."""
import struct, sys, zlib
import numpy as np

def read_model(path):
    data = open(path, "rb").read()
    magic, version, count, size = struct.unpack_from("<8sIIQ", data, 0)
    assert magic == b"DENDRITE" and version == 1 and size == len(data)
    crc, end = struct.unpack_from("<I4s", data, size - 8)
    assert end == b"END!" and crc == zlib.crc32(data[:size - 8])
    sections, offset = {}, 24
    for _ in range(count):
        tag, kind, length = struct.unpack_from("<4sIQ", data, offset)
        payload = data[offset + 16:offset + 16 + length]
        if kind == 1:
            sections[tag.decode()] = payload.decode()
        else:
            sections[tag.decode()] = np.frombuffer(payload, "<f4" if kind == 2 else "<f8")
        offset = (offset + 16 + length + 7) // 8 * 8
    meta = dict(line.split("=", 1) for line in sections["META"].splitlines() if line)
    return sections["SPEC"], meta, sections

if __name__ == "__main__":
    spec, meta, sections = read_model(sys.argv[1])
    print(spec)
    print("weights", len(sections["WGHT"]), "biases", len(sections["BIAS"]),
          "steps", meta["steps"], "sum", float(np.sum(sections["WGHT"], dtype=np.float64)))
