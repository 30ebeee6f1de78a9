-- 10^6 appends to a growing list.
local function build(n)
    local xs = {}
    for i = 0, n - 1 do
        xs[#xs + 1] = i * 2
    end
    return xs
end

local xs = build(1000000)
-- Lua lists count from 1: xs[1] is Python's xs[0].
print(#xs + xs[1] + xs[500001] + xs[1000000])
