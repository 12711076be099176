# Learning curve of the eleventh round: python3 subset_pairs.py PAIRS FRACTION SEED OUT
# keeps a seeded fraction of the training pairs; validation and test lines unchanged
import gzip, json, random, sys
src, frac, seed, out = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
lines = gzip.open(src, "rt", encoding="utf-8").read().splitlines()
train = [i for i, l in enumerate(lines) if json.loads(l)["split"] == "train"]
keep = set(random.Random(seed).sample(train, round(frac * len(train))))
with gzip.open(out, "wt", encoding="utf-8") as f:
    for i, l in enumerate(lines):
        if json.loads(l)["split"] != "train" or i in keep: f.write(l + "\n")
print(out, len(keep), "of", len(train), "training pairs")
