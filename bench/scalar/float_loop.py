# 10^7 steps of float arithmetic: the Leibniz series for pi.
def leibniz(n):
    total = 0.0
    sign = 1.0
    for i in range(n):
        total += sign / (2.0 * i + 1.0)
        sign = -sign
    return 4.0 * total


print(f"{leibniz(10000000):.12f}")
