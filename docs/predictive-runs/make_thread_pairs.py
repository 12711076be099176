# Throwaway: extra training pairs between posts of one thread (same subject, "Re:" stripped),
# from the training pairs of p-bydate only (validation and test posts never used).
import gzip, json, re, sys, collections
src, out = sys.argv[1], sys.argv[2]
rows = [json.loads(l) for l in gzip.open(src, 'rt')]
train = [r for r in rows if r['split'] == 'train']
def subject(t):
    m = re.search(r'^Subject:(.*)$', t, re.M)
    if not m: return None
    s = m.group(1).strip().lower()
    while True:
        s2 = re.sub(r'^(re|fwd?)\s*(\[\d+\])?\s*:\s*', '', s)
        if s2 == s: break
        s = s2
    s = re.sub(r'\s+', ' ', s)
    return s if len(s) >= 8 else None
threads = collections.defaultdict(list)
for r in train:
    s = subject(r['x'])
    if s: threads[s].append(r)
extra = []
for s, posts in threads.items():
    if len(posts) < 2: continue
    posts.sort(key=lambda r: r['id'])
    for a, b in zip(posts, posts[1:]):
        extra.append({'id': 'thread/' + a['id'] + '|' + b['id'], 'split': 'train', 'x': a['x'], 'y': b['y']})
print(len(train), 'train pairs;', sum(1 for p in threads.values() if len(p) >= 2), 'threads of 2+;', len(extra), 'extra pairs', file=sys.stderr)
with gzip.open(out, 'wt') as f:
    for r in rows: f.write(json.dumps(r) + '\n')
    for r in extra: f.write(json.dumps(r) + '\n')
