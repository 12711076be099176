# Throwaway: pairs files whose test lines are a seeded random subset (train and validation lines unchanged).
import gzip, json, random, sys
src, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
lines = gzip.open(src, "rt").read().splitlines()
test = [i for i, l in enumerate(lines) if json.loads(l)["split"] == "test"]
testset = set(test)
for k in sizes:
    keep = sorted(random.Random(1).sample(range(len(test)), k))
    keepset = {test[j] for j in keep}
    with gzip.open(f"sub{k}.jsonl.gz", "wt") as f:
        for i, l in enumerate(lines):
            if i not in testset or i in keepset: f.write(l + "\n")
    open(f"sub{k}.idx", "w").write("\n".join(map(str, keep)) + "\n")
