# Reads a codes file written by `encode` (docs/codes-format.md) into an n x m array of bits.
import numpy as np
def read(path):
    raw = open(path, "rb").read()
    m = int.from_bytes(raw[12:16], "little"); n = int.from_bytes(raw[16:24], "little"); W = int.from_bytes(raw[24:28], "little")
    words = np.frombuffer(raw[32:32 + 8 * n * W], dtype="<u8").reshape(n, W)
    bits = np.zeros((n, m), dtype=np.uint8)
    for i in range(m):
        bits[:, i] = (words[:, i // 64] >> np.uint64(i % 64)) & np.uint64(1)
    return bits
