# Twelfth round (throwaway): self-pairs from the stored (Y) articles of a pairs file's test split.
#   python3 index_pairs.py PAIRS corpus OUT.jsonl [A|B]   the Y texts (all, or half A / B of a seeded
#       split of the test pairs) as a corpus for `pairs build --data OUT.jsonl` (the last 50 marked
#       test, which pairs build needs; their halves are kept as training pairs too)
#   python3 index_pairs.py PAIRS merge BUILT.jsonl.gz OUT.jsonl.gz [B]   PAIRS (with B: its test
#       lines in half B only) plus every line of BUILT as a training pair
#   python3 index_pairs.py PAIRS bidx OUT   positions of half B among the test pairs (for pool_match.py)
import gzip, json, random, sys
lines = gzip.open(sys.argv[1], "rt", encoding="utf-8").read().splitlines()
test = [i for i, l in enumerate(lines) if json.loads(l)["split"] == "test"]
A = set(random.Random(1).sample(test, len(test) // 2))
half = lambda i, h: h is None or (i in A) == (h == "A")
if sys.argv[2] == "corpus":
    h = sys.argv[4] if len(sys.argv) > 4 else None
    ys = [json.loads(lines[i]) for i in test if half(i, h)]
    with open(sys.argv[3], "w", encoding="utf-8") as o:
        for k, d in enumerate(ys):
            o.write(json.dumps({"id": "dbY/" + d["id"], "labels": ["db"], "text": d["y"],
                                "split": "test" if k >= len(ys) - 50 else "train"}) + "\n")
elif sys.argv[2] == "bidx":
    with open(sys.argv[3], "w") as o:
        for pos, i in enumerate(test):
            if i not in A: o.write(f"{pos}\n")
else:
    h = sys.argv[5] if len(sys.argv) > 5 else None
    with gzip.open(sys.argv[4], "wt", encoding="utf-8") as o:
        for i, l in enumerate(lines):
            if json.loads(l)["split"] != "test" or half(i, h): o.write(l + "\n")
        for l in gzip.open(sys.argv[3], "rt", encoding="utf-8"):
            d = json.loads(l); d["split"] = "train"; o.write(json.dumps(d) + "\n")
