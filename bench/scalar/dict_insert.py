# 10^6 inserts of new int keys into a dict (sparse keys, so a real hash table).
def build(n):
    d = {}
    for i in range(n):
        d[i * 7919] = i
    return d


d = build(1000000)
print(d[0] + d[7919 * 500000] + d[7919 * 999999])
