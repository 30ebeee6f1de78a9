-- 10^6 inserts of new int keys into a dict (sparse keys, so a real hash table).
local function build(n)
    local d = {}
    for i = 0, n - 1 do
        d[i * 7919] = i
    end
    return d
end

local d = build(1000000)
print(d[0] + d[7919 * 500000] + d[7919 * 999999])
