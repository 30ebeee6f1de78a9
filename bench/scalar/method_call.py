# 10^6 method calls on an instance that updates a field.
class Counter:
    def __init__(self):
        self.count = 0

    def add(self, k):
        self.count += k


def run(n):
    c = Counter()
    for i in range(n):
        c.add(i)
    return c.count


print(run(1000000))
