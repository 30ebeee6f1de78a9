# 10^6 appends to a growing list.
def build(n):
    xs = []
    for i in range(n):
        xs.append(i * 2)
    return xs


xs = build(1000000)
print(len(xs) + xs[0] + xs[500000] + xs[999999])
