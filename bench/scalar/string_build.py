# String building: 10^6 formatted pieces collected in a list, then joined.
def build(n):
    parts = []
    for i in range(n):
        parts.append(f"item {i};")
    return "".join(parts)


s = build(1000000)
print(len(s))
